import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Starts the built web app (`npm run build -w @switchboard/web` first) with the given environment. */
export async function startWebServer(
  port: number,
  env: Record<string, string>,
): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = spawn(
    "npx",
    ["--prefix", "apps/web", "next", "start", "apps/web", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: root,
      env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "ignore",
      // A group of its own: npx starts next-server as a child, which outlives a signal to npx alone.
      detached: true,
    },
  );
  const stop = () => {
    // The group may be gone already (next start exited, e.g. with no build to serve).
    if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
  };
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stop();
  throw new Error("the web app did not become healthy; run `npm run build -w @switchboard/web` first");
}

/** Signs in through next-auth's credentials endpoint and returns the cookie header to send. */
export async function signInCookie(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed with status ${response.status}`);
  return session.split(";")[0]!;
}
