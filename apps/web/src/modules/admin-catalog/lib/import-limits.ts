/** The largest document an import reads, loaded from an address or uploaded. */
export const MAX_IMPORT_DOCUMENT_BYTES = 1_000_000;
