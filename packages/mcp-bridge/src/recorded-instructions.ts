/**
 * Most characters of a server's instructions that are recorded: the gateway hands clients 4,096
 * per connector (tools/connector-instructions.ts) and reads every visible connector's on each
 * catalog read, so a server that sends megabytes must not have them stored and read again and again.
 */
export const MAX_RECORDED_INSTRUCTIONS = 65_536;

/** A server's instructions as recorded: at most MAX_RECORDED_INSTRUCTIONS characters. */
export function recordedInstructions(instructions: string | undefined): string | undefined {
  return instructions?.slice(0, MAX_RECORDED_INSTRUCTIONS);
}
