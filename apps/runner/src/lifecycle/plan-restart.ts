export const CRASH_WINDOW_MS = 10 * 60_000;
export const CRASH_LOOP_THRESHOLD = 5;
const CRASH_LOOP_BASE_DELAY_MS = 30_000;
const CRASH_LOOP_MAX_DELAY_MS = 15 * 60_000;

export interface RestartHistory {
  restartCount: number;
  lastStartedAt: Date | null;
}

export interface RestartPlan {
  /** Crashes counted in the current window, this one included. */
  crashes: number;
  crashLooping: boolean;
  /** When the next start may happen; now or earlier means restart now. */
  restartAt: Date;
}

/**
 * Crashes count while each start came within CRASH_WINDOW_MS of the previous one; a server that
 * stayed up longer starts a fresh count. From CRASH_LOOP_THRESHOLD crashes on, restarts back off
 * exponentially (30 s, 1 min, 2 min ... 15 min) but never stop: the fault may be outside (an
 * upstream API), and the user sees CRASH_LOOPING with the reason meanwhile.
 */
export function planRestart({ restartCount, lastStartedAt }: RestartHistory, now: Date): RestartPlan {
  const recent = lastStartedAt !== null && now.getTime() - lastStartedAt.getTime() < CRASH_WINDOW_MS;
  const crashes = (recent ? restartCount : 0) + 1;
  const crashLooping = crashes >= CRASH_LOOP_THRESHOLD;
  const delay = crashLooping
    ? Math.min(CRASH_LOOP_BASE_DELAY_MS * 2 ** (crashes - CRASH_LOOP_THRESHOLD), CRASH_LOOP_MAX_DELAY_MS)
    : 0;
  const restartAt = new Date((lastStartedAt?.getTime() ?? now.getTime()) + delay);
  return { crashes, crashLooping, restartAt };
}
