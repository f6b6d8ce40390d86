import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import type { SecretBox } from "@switchboard/db/crypto";
import type { GatewayPrincipal } from "../auth/authenticate.ts";

const LIFETIME_MS = 10 * 60_000;

/** What one upstream request state was issued for: the connector, the caller's token, the method and the tool, prompt or resource. */
export interface RequestStateBinding {
  connectorId: string;
  principal: GatewayPrincipal;
  /** `tools/call`, `prompts/get` or `resources/read`: a tool's state is no prompt's of the same name. */
  method: string;
  /** The name or gateway URI as the client sends it. */
  name: string;
}

/** Seals and opens the request states of one request, bound to what it names. */
export interface BoundRequestStates {
  seal(state: string): string;
  /** The upstream's state, or a JSON-RPC invalid-params error when it was not issued for this binding. */
  open(sealed: string): string;
}

/**
 * An upstream's `requestState` goes to a 2026-07-28 client sealed (AES-256-GCM by the gateway's
 * encryption keys, which every gateway instance shares) with an expiry, and the connector, token
 * and name bound as additional authenticated data: a state replayed or forged for another
 * connector, token or tool fails to open and is never forwarded. Sealing rather than only a MAC
 * also keeps the upstream's state unreadable to the client, and SecretBox's key ids keep states
 * valid across a key rotation.
 */
export function createRequestStateSeal(secretBox: SecretBox, now: () => number = Date.now) {
  return {
    bind(binding: RequestStateBinding): BoundRequestStates {
      const location = {
        table: "gateway_request_state",
        column: "state",
        rowId: JSON.stringify([binding.connectorId, binding.principal.tokenId, binding.method, binding.name]),
      };
      return {
        seal: (state) => secretBox.seal(JSON.stringify({ state, expiresAt: now() + LIFETIME_MS }), location),
        open(sealed) {
          let opened: { state?: unknown; expiresAt?: unknown };
          try {
            opened = JSON.parse(secretBox.open(sealed, location)) as typeof opened;
          } catch {
            throw refuse("requestState was not issued for this request: call it again without requestState.");
          }
          if (typeof opened.state !== "string" || typeof opened.expiresAt !== "number") {
            throw refuse("requestState is malformed: call it again without requestState.");
          }
          if (opened.expiresAt < now()) {
            throw refuse("requestState has expired: call it again without requestState.");
          }
          return opened.state;
        },
      };
    },
  };
}

export type RequestStateSeal = ReturnType<typeof createRequestStateSeal>;

function refuse(message: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message);
}
