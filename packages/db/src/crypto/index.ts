export { parseEncryptionKeys, type EncryptionKey } from "./keys.ts";
export { SecretBox, SecretDecryptionError, type SecretLocation } from "./secret-box.ts";
export { secretColumns, type SecretColumn } from "./secret-columns.ts";
export { reencryptSecrets, type ReencryptionReport } from "./reencrypt.ts";
