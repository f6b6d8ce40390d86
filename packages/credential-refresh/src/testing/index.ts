// Test helpers for other workspaces' integration tests; never imported by production code.
export {
  seedOAuthCredential,
  type SeedOAuthCredentialOptions,
  type SeededCredential,
} from "./seed-oauth-credential.ts";
