/**
 * Milliseconds per step of one operation, each measured from the previous mark, so the log line
 * of a slow connector start names the step that was slow (the image, Docker, the server's boot).
 */
export class StepTimings {
  private readonly startedAt = performance.now();
  private last = this.startedAt;
  readonly stepsMs: Record<string, number> = {};

  mark(step: string): void {
    const now = performance.now();
    this.stepsMs[step] = Math.round(now - this.last);
    this.last = now;
  }

  get totalMs(): number {
    return Math.round(this.last - this.startedAt);
  }
}
