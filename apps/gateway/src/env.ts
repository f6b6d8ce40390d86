import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(3200),
  GATEWAY_HOST: z.string().default("0.0.0.0"),
  /** The public URL MCP clients use, e.g. https://switchboard.example.com/mcp. */
  GATEWAY_PUBLIC_URL: z.url("must be the public URL of the gateway's MCP endpoint"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
});

export type GatewayEnv = z.infer<typeof schema>;

export function readGatewayEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Switchboard gateway is misconfigured:\n${problems}`);
  }
  return parsed.data;
}
