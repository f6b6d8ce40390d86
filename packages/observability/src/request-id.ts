import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

const WELL_FORMED = /^[\w.:-]{1,128}$/;

/**
 * The id that ties one request's log lines together: the caller's `X-Request-Id` when it is a
 * plain token (so a proxy's id carries through), otherwise a new one — never raw header text,
 * which could forge log lines.
 */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && WELL_FORMED.test(value) ? value : randomUUID();
}
