// Times on the class pages: a teacher types a wall-clock time (an <input type=datetime-local>)
// that means that time in a chosen IANA zone, and the API wants an instant with its offset.
// Everything is read back in the viewer's own zone. No library: Intl knows every zone's rules.
// Pure (no DOM, no Node): the server's late policies use the same wall clock.

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

/**
 * The wall clock of `instant` (ms) in `zone`, as if that wall clock were UTC (ms). The server's
 * late policies (src/server/homework/late.ts) count days with it too.
 */
export function wallClock(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts['year']!,
    parts['month']! - 1,
    parts['day']!,
    parts['hour']!,
    parts['minute']!,
    parts['second']!,
    ((instant % 1000) + 1000) % 1000,
  );
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant whose wall clock in `zone` reads `local` ("2026-03-08T02:30", as a
 * datetime-local input gives it), or null when `local` is not such a time. A time that a
 * spring-forward gap skips moves forward by the gap, as clocks do; a repeated autumn time is
 * its first occurrence.
 */
export function zonedToInstant(local: string, zone: string): Date | null {
  const m = LOCAL_PATTERN.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) return null;
  // the offsets in force a day either side: the earlier one first, so that a repeated time
  // resolves to its first occurrence, and a skipped one to the time after the gap
  const offsets = [wall - 86_400_000, wall + 86_400_000].map((t) => wallClock(t, zone) - t);
  const candidates = [...new Set(offsets)].map((offset) => wall - offset);
  for (const instant of candidates.sort((a, b) => a - b)) {
    if (wallClock(instant, zone) === wall) return new Date(instant);
  }
  // in a gap: read with the offset before the change, which lands as far past the gap
  return new Date(wall - offsets[0]!);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** What a datetime-local input shows for `instant` in `zone` ("2026-03-08T09:05"). */
export function instantToZoned(instant: Date, zone: string): string {
  const wall = new Date(wallClock(instant.getTime(), zone));
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`
  );
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone this browser (or process) runs in. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every zone for a select: the runtime's list, with UTC and `also` when it lacks them. */
export function zoneChoices(also: string[] = []): string[] {
  const listed =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...listed, 'UTC', ...also.filter(isTimeZone)])].sort();
}

/** `instant` as the viewer reads it in `zone`, with the zone's short name ("3/8/2026, 9:05 EST"). */
export function formatInstant(
  instant: Date | string,
  locale: string,
  zone: string = viewerZone(),
): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return date.toLocaleString(locale, {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}
