// What tests and benchmarks outside web may use of it to seed data as web stores it.
// Imported as `@switchboard/web/testing`.
export { toCatalogRow } from "../modules/catalog/lib/catalog-row.ts";
export { loadSigningKeys } from "../modules/oauth-server/lib/signing-keys.ts";
export { hashPassword } from "../server/auth/password.ts";
