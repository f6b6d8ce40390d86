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

  get(installationId: string): StdioBridge | undefined {
    return this.entries.get(installationId)?.bridge;
  }

  getHttpTarget(installationId: string): HttpTarget | undefined {
    return this.httpTargets.get(installationId);
  }

  /** Serves a started (and health-checked) HTTP server through the bridge endpoint; again with new headers after a refresh. */
  setHttpTarget(installationId: string, target: HttpTarget): void {
    this.httpTargets.set(installationId, target);
  }

  /**
   * Attaches to a created container's stdio before it starts, as `docker run` does, so the `ensure`
   * after the start has no attach to wait for. Nothing is sent until then.
   */
  preattach(installationId: string, containerId: string): Promise<void> {
    return this.lock.run(installationId, async () => {
      const streams = await this.runtime.attachStdio(installationId);
      this.takePreattached(installationId)?.streams.close();
      this.preattached.set(installationId, { containerId, streams });
    });
  }

  /** Returns the started bridge of this container, attaching (once) when there is none. */
  ensure(installationId: string, containerId: string): Promise<StdioBridge> {
    return this.lock.run(installationId, async () => {
      const preattached = this.takePreattached(installationId);
      const existing = this.entries.get(installationId);
      if (existing?.containerId === containerId || preattached?.containerId !== containerId)
        preattached?.streams.close();
      if (existing?.containerId === containerId) return existing.bridge;
      if (existing) await this.closeEntry(installationId, existing);
      const streams =
        preattached?.containerId === containerId ? preattached.streams : await this.runtime.attachStdio(installationId);
      const bridge = new StdioBridge(new StdioContainerTransport(streams));
      const entry = { containerId, bridge };
      bridge.onclose = () => {
        if (this.entries.get(installationId) === entry) this.entries.delete(installationId);
      };
      bridge.onerror = (error) => this.logger.warn({ installationId, err: error }, "stdio bridge error");
      this.entries.set(installationId, entry);
      try {
        await bridge.start();
      } catch (error) {
        await this.closeEntry(installationId, entry);
        throw error;
      }
      return bridge;
    });
  }

  close(installationId: string): Promise<void> {
    this.httpTargets.delete(installationId);
    return this.lock.run(installationId, async () => {
      this.takePreattached(installationId)?.streams.close();
      const entry = this.entries.get(installationId);
      if (entry) await this.closeEntry(installationId, entry);
    });
  }

  async closeAll(): Promise<void> {
    this.httpTargets.clear();
    const installationIds = new Set([...this.entries.keys(), ...this.preattached.keys()]);
    await Promise.all([...installationIds].map((installationId) => this.close(installationId)));
  }

  private takePreattached(installationId: string) {
    const preattached = this.preattached.get(installationId);
    this.preattached.delete(installationId);
    return preattached;
  }

  private async closeEntry(installationId: string, entry: Entry): Promise<void> {
    if (this.entries.get(installationId) === entry) this.entries.delete(installationId);
    await entry.bridge.close();
  }
}
