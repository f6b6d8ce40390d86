// Connector ids end up in bridge URLs, container names and host paths, so only a conservative
// alphabet is accepted (cuid, uuid and slug ids all fit).
const CONNECTOR_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export function isConnectorId(value: string): boolean {
  return CONNECTOR_ID_PATTERN.test(value);
}
