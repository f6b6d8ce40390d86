"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { env } from "@/env";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { rateLimits } from "@/server/rate-limit/index.ts";
import { buildClientConfigs } from "./lib/client-configs.ts";
import { createGatewayToken, revokeGatewayToken } from "./lib/create-gateway-token.ts";
import { formActionArgs, idSchema } from "@/server/parse-input.ts";
import { validatedAction } from "@/server/validated-action.ts";

export const createGatewayTokenAction = validatedAction(formActionArgs, async (_previous, form) => {
  const user = await requireUser();
  const result = await runAction(async () => {
    await rateLimits().enforce("tokenCreate", user.id);
    const { token } = await createGatewayToken(
      db(),
      user.id,
      {
        name: form.get("name"),
        connectorIds: form.getAll("connectorIds"),
        expiresInDays: form.get("expiresInDays") || 0,
      },
      { maxActiveTokens: env().GATEWAY_MAX_TOKENS_PER_USER },
    );
    return { token, configs: buildClientConfigs(env().GATEWAY_PUBLIC_URL, token) };
  });
  revalidatePath("/gateway");
  return result;
});

export const revokeGatewayTokenAction = validatedAction(z.tuple([idSchema]), async (tokenId) => {
  const user = await requireUser();
  const result = await runAction(() => revokeGatewayToken(db(), user.id, tokenId), "Token revoked.");
  revalidatePath("/gateway");
  return result;
});
