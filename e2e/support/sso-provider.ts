// The company SSO of the e2e stack (see company-sso.ts): scripts/e2e-server.sh starts it before the
// web app, which reads OIDC_ISSUER at start.
import { startCompanySso } from "./company-sso.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const sso = await startCompanySso({
  port: Number(required("SSO_PORT")),
  clients: [
    {
      client_id: required("SSO_CLIENT_ID"),
      client_secret: required("SSO_CLIENT_SECRET"),
      redirect_uris: [required("SSO_REDIRECT_URI")],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
});
console.error(`[sso] company SSO listening at ${sso.issuer}`);
process.once("SIGTERM", () => void sso.close().then(() => process.exit(0)));
