"use server";

import { revalidatePath } from "next/cache";
import { env } from "@/env";
import { db } from "@/server/db.ts";
import { runAction } from "@/server/action-result.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { buildClientConfigs } from "./lib/client-configs.ts";
import { createGatewayToken, revokeGatewayToken } from "./lib/create-gateway-token.ts";

export async function createGatewayTokenAction(_previous: unknown, form: FormData) {
  const user = await requireUser();
  const result = await runAction(async () => {
    const { token } = await createGatewayToken(db(), user.id, {
      name: form.get("name"),
      installationIds: form.getAll("installationIds"),
      expiresInDays: form.get("expiresInDays") || 0,
    });
    return { token, configs: buildClientConfigs(env().GATEWAY_PUBLIC_URL, token) };
  });
  revalidatePath("/gateway");
  return result;
}

export async function revokeGatewayTokenAction(tokenId: string) {
  const user = await requireUser();
  const result = await runAction(() => revokeGatewayToken(db(), user.id, tokenId), "Token revoked.");
  revalidatePath("/gateway");
  return result;
}
