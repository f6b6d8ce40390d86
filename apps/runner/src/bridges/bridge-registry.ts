import type { Logger } from "pino";
import { type HttpTarget, StdioBridge, StdioContainerTransport, type StdioStreams } from "@switchboard/mcp-bridge";
import { KeyedLock } from "../runtime/keyed-lock.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";

interface Entry {
  containerId: string;
  bridge: StdioBridge;
}

/**
 * The one bridge per running server of this runner: a stdio bridge attached to a stdio server's
 * container, or the HTTP target a proxy forwards to. A stdio bridge is tied to the container it
 * attached to: a recreated container gets a new bridge, and a bridge whose server exits drops out.
 */
export class BridgeRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly httpTargets = new Map<string, HttpTarget>();
  /** Attached before the container started, waiting for the `ensure` that starts its bridge. */
  private readonly preattached = new Map<string, { containerId: string; streams: StdioStreams }>();
  private readonly lock = new KeyedLock();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly logger: Logger,
  ) {}

  get(connectorId: string): StdioBridge | undefined {
    return this.entries.get(connectorId)?.bridge;
  }

  getHttpTarget(connectorId: string): HttpTarget | undefined {
    return this.httpTargets.get(connectorId);
  }

  /** Serves a started (and health-checked) HTTP server through the bridge endpoint; again with new headers after a refresh. */
  setHttpTarget(connectorId: string, target: HttpTarget): void {
    this.httpTargets.set(connectorId, target);
  }

  /**
   * Attaches to a created container's stdio before it starts, as `docker run` does, so the `ensure`
   * after the start has no attach to wait for. Nothing is sent until then.
   */
  preattach(connectorId: string, containerId: string): Promise<void> {
    return this.lock.run(connectorId, async () => {
      const streams = await this.runtime.attachStdio(connectorId);
      this.takePreattached(connectorId)?.streams.close();
      this.preattached.set(connectorId, { containerId, streams });
    });
  }

  /** Returns the started bridge of this container, attaching (once) when there is none. */
  ensure(connectorId: string, containerId: string): Promise<StdioBridge> {
    return this.lock.run(connectorId, async () => {
      const preattached = this.takePreattached(connectorId);
      const existing = this.entries.get(connectorId);
      if (existing?.containerId === containerId || preattached?.containerId !== containerId)
        preattached?.streams.close();
      if (existing?.containerId === containerId) return existing.bridge;
      if (existing) await this.closeEntry(connectorId, existing);
      const streams =
        preattached?.containerId === containerId ? preattached.streams : await this.runtime.attachStdio(connectorId);
      const bridge = new StdioBridge(new StdioContainerTransport(streams));
      const entry = { containerId, bridge };
      bridge.onclose = () => {
        if (this.entries.get(connectorId) === entry) this.entries.delete(connectorId);
      };
      bridge.onerror = (error) => this.logger.warn({ connectorId, err: error }, "stdio bridge error");
      this.entries.set(connectorId, entry);
      try {
        await bridge.start();
      } catch (error) {
        await this.closeEntry(connectorId, entry);
        throw error;
      }
      return bridge;
    });
  }

  close(connectorId: string): Promise<void> {
    this.httpTargets.delete(connectorId);
    return this.lock.run(connectorId, async () => {
      this.takePreattached(connectorId)?.streams.close();
      const entry = this.entries.get(connectorId);
      if (entry) await this.closeEntry(connectorId, entry);
    });
  }

  async closeAll(): Promise<void> {
    this.httpTargets.clear();
    const connectorIds = new Set([...this.entries.keys(), ...this.preattached.keys()]);
    await Promise.all([...connectorIds].map((connectorId) => this.close(connectorId)));
  }

  private takePreattached(connectorId: string) {
    const preattached = this.preattached.get(connectorId);
    this.preattached.delete(connectorId);
    return preattached;
  }

  private async closeEntry(connectorId: string, entry: Entry): Promise<void> {
    if (this.entries.get(connectorId) === entry) this.entries.delete(connectorId);
    await entry.bridge.close();
  }
}
