import { fileURLToPath } from "node:url";
import { buildScriptImage } from "@switchboard/runner/testing";
import { build } from "esbuild";

/** Where the server listens inside its container, as a catalog entry's `server.http` names it. */
export const SDK_HTTP_SERVER_PORT = 3001;
export const SDK_HTTP_SERVER_PATH = "/mcp";

/**
 * The image of sdk-http-server.ts: the server and the SDK bundled into one script by esbuild, on
 * the runner's scratch Node test image. Tagged by the bundle's content, so a cached build costs
 * only the bundling (well under a second).
 */
export async function buildSdkHttpServerImage(
  docker: Parameters<typeof buildScriptImage>[0],
  nodeImage: string,
): Promise<string> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./sdk-http-server.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    write: false,
    logLevel: "silent",
    // Some bundled CommonJS dependencies call require() on Node built-ins.
    banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
  });
  const script = bundle.outputFiles[0]?.text;
  if (script === undefined) throw new Error("esbuild produced no bundle of sdk-http-server.ts");
  return buildScriptImage(docker, nodeImage, "sdk-http-server", script);
}
