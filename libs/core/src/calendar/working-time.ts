/**
 * Working-time arithmetic for ticket deadlines (办理时限).
 *
 * Pure module: no framework, no I/O, no implicit clock. Every instant is passed in,
 * and local (wall-clock) times are derived with `Intl.DateTimeFormat` for the given
 * IANA time zone, so offsets and DST transitions are computed, never hard-coded.
 *
 * Conventions
 * - A "local date" is a 'YYYY-MM-DD' string in the calendar's time zone.
 * - A working day is Monday–Friday unless the calendar overrides it: 'holiday'
 *   (法定节假日, a weekday off) or 'workday' (调休, a weekend day on). Overrides win.
 *
 * addWorkingDays(start, days, cal)
 * 1. If `start` falls on a non-working local day, the clock starts at 00:00 local
 *    time of the next working day (the time of day of `start` is discarded).
 * 2. Then step forward `days` working days, keeping the local time of day.
 *    Friday 15:00 + 1 = next working day 15:00;
 *    Saturday 10:00 + 1 = 00:00 of the working day after the next working day,
 *    i.e. exactly one full working day is granted.
 * 3. `days` must be a non-negative integer (RangeError otherwise). With 0 days the
 *    (possibly moved) start is returned unchanged.
 * If the kept wall time does not exist on the target day (DST gap) it is shifted
 * forward by the length of the gap; if it is ambiguous (DST overlap) the earlier
 * instant is used (the same rule as Temporal's 'compatible' disambiguation).
 */

export type CalendarOverride = 'holiday' | 'workday';

export interface WorkCalendar {
  /** IANA time zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** Key: local date 'YYYY-MM-DD'. */
  overrides: ReadonlyMap<string, CalendarOverride>;
}

export type TimeLimitUnit = 'minutes' | 'hours' | 'working_days';

export interface TimeLimit {
  amount: number;
  unit: TimeLimitUnit;
}

export type Light = 'green' | 'yellow' | 'red';

export interface LocalDateTimeParts {
  date: string;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export interface LocalTime {
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

// ---------------------------------------------------------------------------
// Internal helpers
// ---------------------------------------------------------------------------

interface CivilDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC milliseconds of a proleptic Gregorian wall time (safe for years 0..99, unlike Date.UTC). */
function civilToUtcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millisecond);
  return d.getTime();
}

function tryParseLocalDate(date: string): CivilDate | undefined {
  const m = DATE_PATTERN.exec(date);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const d = new Date(civilToUtcMs(year, month, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return undefined; // e.g. 2026-02-30
  }
  return { year, month, day };
}

function parseLocalDate(date: string): CivilDate {
  const parsed = typeof date === 'string' ? tryParseLocalDate(date) : undefined;
  if (parsed === undefined) {
    throw new RangeError(`Invalid local date ${JSON.stringify(date)}; expected a valid 'YYYY-MM-DD'`);
  }
  return parsed;
}

function formatCivilDate(year: number, month: number, day: number): string {
  if (year < 1 || year > 9999) {
    throw new RangeError(`Year ${year} is outside the supported range 0001..9999`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 for a civil date. */
function epochDay(d: CivilDate): number {
  return Math.round(civilToUtcMs(d.year, d.month, d.day) / MS_PER_DAY);
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOfEpochDay(day: number): number {
  return mod(day + 4, 7);
}

function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

/** Number of Mon–Fri days among epoch days d with d < n. Relative count, valid for any integer n. */
function weekdaysBefore(n: number): number {
  const weeks = Math.floor(n / 7);
  const rest = n - weeks * 7;
  let count = weeks * 5;
  for (let i = 0; i < rest; i++) {
    if (!isWeekend(weekdayOfEpochDay(weeks * 7 + i))) count++;
  }
  return count;
}

function assertValidInstant(instant: Date, name: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatterCache.get(timeZone);
  if (fmt === undefined) {
    // Throws RangeError for an unknown time zone.
    fmt = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      era: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatterCache.set(timeZone, fmt);
  }
  return fmt;
}

interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function intlWallFields(instant: Date, timeZone: string): WallFields {
  const t = instant.getTime();
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    fields[part.type] = part.value;
  }
  if (fields['era'] !== 'AD') {
    throw new RangeError(`Instant ${instant.toISOString()} is before year 1 in ${timeZone}`);
  }
  const hour = Number(fields['hour']);
  return {
    year: Number(fields['year']),
    month: Number(fields['month']),
    day: Number(fields['day']),
    hour: hour === 24 ? 0 : hour, // defensive: some engines print midnight as 24
    minute: Number(fields['minute']),
    second: Number(fields['second']),
    millisecond: mod(t, 1000),
  };
}

const OFFSET_CACHE_MAX = 4096;
/** `${timeZone}|${utc hour}` -> the zone's offset throughout that hour, or null if it changes within it. */
const hourOffsets = new Map<string, number | null>();

function intlOffsetAt(t: number, timeZone: string): number {
  const w = intlWallFields(new Date(t), timeZone);
  return civilToUtcMs(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond) - t;
}

/**
 * The zone's offset at t, from a cache of whole UTC hours: an hour whose first and last millisecond
 * have the same offset has it throughout (no zone changes its offset twice within an hour). An hour
 * with a transition in it is not cached; its instants go through Intl one by one.
 */
function cachedOffsetAt(t: number, timeZone: string): number | null {
  const hour = Math.floor(t / MS_PER_HOUR);
  const key = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const first = intlOffsetAt(hour * MS_PER_HOUR, timeZone);
    const last = intlOffsetAt((hour + 1) * MS_PER_HOUR - 1, timeZone);
    offset = first === last ? first : null;
    if (hourOffsets.size >= OFFSET_CACHE_MAX) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset;
}

/** Wall-clock fields of an instant: Intl's answer, computed once per zone and UTC hour (intake asks on every order). */
function wallFields(instant: Date, timeZone: string): WallFields {
  assertValidInstant(instant, 'instant');
  const t = instant.getTime();
  const offset = cachedOffsetAt(t, timeZone);
  if (offset === null) return intlWallFields(instant, timeZone);
  const local = new Date(t + offset);
  if (local.getUTCFullYear() < 1) throw new RangeError(`Instant ${instant.toISOString()} is before year 1 in ${timeZone}`);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/** Offset of `timeZone` from UTC at epoch millisecond `t`, in ms (local = utc + offset). */
function offsetAt(t: number, timeZone: string): number {
  return cachedOffsetAt(t, timeZone) ?? intlOffsetAt(t, timeZone);
}

function checkTimeField(value: number, max: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in 0..${max}, got ${String(value)}`);
  }
}

// ---------------------------------------------------------------------------
// Time-zone primitives
// ---------------------------------------------------------------------------

/** Local calendar date 'YYYY-MM-DD' of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const w = wallFields(instant, timeZone);
  return formatCivilDate(w.year, w.month, w.day);
}

/** Local wall-clock fields of `instant` in `timeZone`. */
export function localDateTimeParts(instant: Date, timeZone: string): LocalDateTimeParts {
  const w = wallFields(instant, timeZone);
  const date = formatCivilDate(w.year, w.month, w.day);
  return {
    date,
    hour: w.hour,
    minute: w.minute,
    second: w.second,
    millisecond: w.millisecond,
    weekday: weekdayOfEpochDay(epochDay(w)),
  };
}

/**
 * Converts a local wall time in `timeZone` to the UTC instant.
 * Nonexistent wall times (DST gap) are moved forward by the gap length; ambiguous
 * ones (DST overlap) resolve to the earlier instant.
 */
export function zonedToInstant(date: string, time: LocalTime, timeZone: string): Date {
  const d = parseLocalDate(date);
  const second = time.second ?? 0;
  const millisecond = time.millisecond ?? 0;
  checkTimeField(time.hour, 23, 'hour');
  checkTimeField(time.minute, 59, 'minute');
  checkTimeField(second, 59, 'second');
  checkTimeField(millisecond, 999, 'millisecond');

  return wallToInstant(civilToUtcMs(d.year, d.month, d.day, time.hour, time.minute, second, millisecond), timeZone);
}

/** The instant of a wall time given as UTC milliseconds of its fields (zonedToInstant's rule). */
function wallToInstant(wall: number, timeZone: string): Date {
  // Real offsets stay within ±14h, so the offsets one day either side of the wall
  // time bracket every transition that can affect it.
  const before = offsetAt(wall - MS_PER_DAY, timeZone);
  const after = offsetAt(wall + MS_PER_DAY, timeZone);
  // No transition near it (every day of a zone without DST): the one candidate, checked.
  if (before === after && offsetAt(wall - before, timeZone) === before) return new Date(wall - before);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => offsetAt(t, timeZone) === wall - t)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);
  // DST gap: interpret with the offset in force before the transition, which lands
  // the same distance past the transition as the wall time is past the gap start.
  return new Date(wall - before);
}

/** First instant of the local day containing `instant`. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  return zonedToInstant(localDate(instant, timeZone), { hour: 0, minute: 0 }, timeZone);
}

/** Pure calendar arithmetic on 'YYYY-MM-DD' (no time zone involved). */
export function addLocalDays(date: string, days: number): string {
  const d = parseLocalDate(date);
  if (!Number.isInteger(days)) {
    throw new RangeError(`days must be an integer, got ${String(days)}`);
  }
  const r = new Date(civilToUtcMs(d.year, d.month, d.day + days));
  return formatCivilDate(r.getUTCFullYear(), r.getUTCMonth() + 1, r.getUTCDate());
}

// ---------------------------------------------------------------------------
// Working calendar
// ---------------------------------------------------------------------------

/** Override wins; otherwise Monday–Friday are working days and Saturday/Sunday are not. */
export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  return isWorkingEpochDay(cal, epochDay(parseLocalDate(date)));
}

/** First working day strictly after `date`. */
export function nextWorkingDay(cal: WorkCalendar, date: string): string {
  return formatEpochDay(nextWorkingEpochDay(cal, epochDay(parseLocalDate(date))));
}

/** 'YYYY-MM-DD' of an epoch day (RangeError outside years 0001..9999, as formatCivilDate). */
function formatEpochDay(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  return formatCivilDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** isWorkingDay on an epoch day: the date string is built only when the calendar has overrides to look up. */
function isWorkingEpochDay(cal: WorkCalendar, day: number): boolean {
  if (cal.overrides.size > 0) {
    const override = cal.overrides.get(formatEpochDay(day));
    if (override === 'holiday') return false;
    if (override === 'workday') return true;
  }
  return !isWeekend(weekdayOfEpochDay(day));
}

/** The first working epoch day strictly after `day`. */
function nextWorkingEpochDay(cal: WorkCalendar, day: number): number {
  // Terminates: every skipped Mon–Fri needs its own 'holiday' override, and there
  // are finitely many overrides.
  let d = day + 1;
  while (!isWorkingEpochDay(cal, d)) d++;
  return d;
}

/**
 * See the header comment for the exact semantics. Steps over epoch days rather than date strings
 * (the dispatch of every order asks for two deadlines); the result is the same as stepping with
 * nextWorkingDay and converting with zonedToInstant, which the spec checks against each other.
 */
export function addWorkingDays(start: Date, days: number, cal: WorkCalendar): Date {
  assertValidInstant(start, 'start');
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${String(days)}`);
  }
  const w = wallFields(start, cal.timeZone);
  formatCivilDate(w.year, w.month, w.day); // the supported range, as every local date here
  let day = epochDay(w);
  let timeOfDay = ((w.hour * 60 + w.minute) * 60 + w.second) * 1000 + w.millisecond;
  if (isWorkingEpochDay(cal, day)) {
    // Keep the exact instant (matters inside a DST overlap).
    if (days === 0) return new Date(start.getTime());
  } else {
    day = nextWorkingEpochDay(cal, day);
    timeOfDay = 0;
  }
  for (let i = 0; i < days; i++) day = nextWorkingEpochDay(cal, day);
  formatEpochDay(day); // RangeError past 9999-12-31, as stepping by date strings gives
  return wallToInstant(day * MS_PER_DAY + timeOfDay, cal.timeZone);
}

/** Minutes and hours are natural (elapsed) time; working_days follows addWorkingDays. */
export function deadlineFor(start: Date, limit: TimeLimit, cal: WorkCalendar): Date {
  assertValidInstant(start, 'start');
  const { amount, unit } = limit;
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`Time limit amount must be a finite non-negative number, got ${String(amount)}`);
  }
  switch (unit) {
    case 'minutes':
      return new Date(start.getTime() + Math.round(amount * MS_PER_MINUTE));
    case 'hours':
      return new Date(start.getTime() + Math.round(amount * MS_PER_HOUR));
    case 'working_days':
      return addWorkingDays(start, amount, cal);
    default: {
      const unknown: never = unit;
      throw new RangeError(`Unknown time limit unit ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Number of working days d with fromDate < d <= toDate (0 when toDate <= fromDate).
 * Runs in O(number of overrides), independent of the span length.
 */
export function workingDaysBetween(cal: WorkCalendar, fromDate: string, toDate: string): number {
  const from = epochDay(parseLocalDate(fromDate));
  const to = epochDay(parseLocalDate(toDate));
  if (to <= from) return 0;
  let count = weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
  for (const [key, override] of cal.overrides) {
    const parsed = tryParseLocalDate(key);
    if (parsed === undefined) continue; // a malformed key can never match a lookup
    const day = epochDay(parsed);
    if (day <= from || day > to) continue;
    const weekend = isWeekend(weekdayOfEpochDay(day));
    if (override === 'holiday' && !weekend) count--;
    else if (override === 'workday' && weekend) count++;
  }
  return count;
}

// ---------------------------------------------------------------------------
// Presentation helpers
// ---------------------------------------------------------------------------

/**
 * Traffic light for a deadline: red once `now` is past `due`; yellow once the
 * elapsed share of the allowed time (due - start) reaches `yellowFraction`;
 * green otherwise. A zero-length window that is not yet overdue is yellow.
 */
export function deadlineLight(start: Date, due: Date, now: Date, yellowFraction = 0.8): Light {
  assertValidInstant(start, 'start');
  assertValidInstant(due, 'due');
  assertValidInstant(now, 'now');
  return deadlineLightMs(start.getTime(), due.getTime(), now.getTime(), yellowFraction);
}

/** deadlineLight on epoch milliseconds (the list reads its timestamps as numbers, not Dates). */
export function deadlineLightMs(startMs: number, dueMs: number, nowMs: number, yellowFraction = 0.8): Light {
  if (!Number.isFinite(startMs) || !Number.isFinite(dueMs) || !Number.isFinite(nowMs)) {
    throw new RangeError('start, due and now must be finite instants');
  }
  if (!Number.isFinite(yellowFraction) || yellowFraction < 0 || yellowFraction > 1) {
    throw new RangeError(`yellowFraction must be within [0, 1], got ${String(yellowFraction)}`);
  }
  if (nowMs > dueMs) return 'red';
  const total = dueMs - startMs;
  if (total <= 0) return 'yellow';
  return (nowMs - startMs) / total >= yellowFraction ? 'yellow' : 'green';
}

/** Half-open instant range [00:00 local of `from`, 00:00 local of the day after `to`). */
export function businessDayRange(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  parseLocalDate(from);
  parseLocalDate(to);
  if (to < from) {
    throw new RangeError(`Range end ${to} is before range start ${from}`);
  }
  return {
    start: zonedToInstant(from, { hour: 0, minute: 0 }, timeZone),
    end: zonedToInstant(addLocalDays(to, 1), { hour: 0, minute: 0 }, timeZone),
  };
}
