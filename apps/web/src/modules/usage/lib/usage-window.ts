import { Prisma } from "@switchboard/db";

/** The windows usage can be shown for, in days; the first is the default. */
export const USAGE_WINDOWS = [7, 30] as const;
export type UsageWindowDays = (typeof USAGE_WINDOWS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The window a `?days=` parameter asks for; anything but a known window falls back to the default. */
export function parseUsageDays(value: string | string[] | undefined): UsageWindowDays {
  return USAGE_WINDOWS.find((days) => String(days) === value) ?? USAGE_WINDOWS[0];
}

/** The first instant inside a window of `days` ending at `now` (calls at exactly that instant count). */
export function startOfUsageWindow(days: UsageWindowDays, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * "at" is a timestamp without time zone holding UTC (Prisma's convention); the bound is passed as an
 * ISO string read as UTC so the comparison does not depend on the session's time zone.
 */
export function atOrAfter(since: Date): Prisma.Sql {
  return Prisma.sql`u."at" >= (${since.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

/** Outcomes counted as failures; `cancelled` (the client gave up) is counted apart. */
export const FAILED = Prisma.sql`u."outcome" IN ('tool_error', 'error', 'timeout')`;
export const CANCELLED = Prisma.sql`u."outcome" = 'cancelled'`;

/** A percentile_cont result (double precision, null without rows) as whole milliseconds. */
export function toMilliseconds(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
