import fc from 'fast-check';
import {
  addLocalDays,
  addWorkingDays,
  businessDayRange,
  type CalendarOverride,
  deadlineFor,
  deadlineLight,
  isWorkingDay,
  localDate,
  localDateTimeParts,
  nextWorkingDay,
  startOfLocalDay,
  type WorkCalendar,
  workingDaysBetween,
  zonedToInstant,
} from './working-time';
import { addWorkingDaysByDateStrings } from '../../../testing/src/working-days-reference';

/** 'YYYY-MM-' + each day in [first, last], built without the module under test. */
function daysOf(yearMonth: string, first: number, last: number): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d++) out.push(`${yearMonth}${String(d).padStart(2, '0')}`);
  return out;
}

/** Mainland China 2026 (国务院办公厅 2026 年部分节假日安排). */
const HOLIDAYS_2026 = [
  ...daysOf('2026-01-', 1, 3), // 元旦
  ...daysOf('2026-02-', 15, 23), // 春节
  ...daysOf('2026-04-', 4, 6), // 清明节
  ...daysOf('2026-05-', 1, 5), // 劳动节
  ...daysOf('2026-06-', 19, 21), // 端午节
  ...daysOf('2026-09-', 25, 27), // 中秋节
  ...daysOf('2026-10-', 1, 7), // 国庆节
];
const MAKE_UP_WORKDAYS_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';

const china2026: WorkCalendar = {
  timeZone: SHANGHAI,
  overrides: new Map<string, CalendarOverride>([
    ...HOLIDAYS_2026.map((d): [string, CalendarOverride] => [d, 'holiday']),
    ...MAKE_UP_WORKDAYS_2026.map((d): [string, CalendarOverride] => [d, 'workday']),
  ]),
};
const plainShanghai: WorkCalendar = { timeZone: SHANGHAI, overrides: new Map() };
const plainUtc: WorkCalendar = { timeZone: 'UTC', overrides: new Map() };
const plainBerlin: WorkCalendar = { timeZone: BERLIN, overrides: new Map() };

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date): string => d.toISOString();

describe('working-time', () => {
  describe('time-zone primitives', () => {
    it('runs the suite with the process in UTC so local-zone leaks would show', () => {
      expect(new Date('2026-11-20T15:30:00.000Z').getTimezoneOffset()).toBe(0);
    });

    it('localDate switches to the next Shanghai day at 16:00 UTC', () => {
      expect(localDate(at('2026-11-20T15:59:59.999Z'), SHANGHAI)).toBe('2026-11-20');
      expect(localDate(at('2026-11-20T16:00:00.000Z'), SHANGHAI)).toBe('2026-11-21');
    });

    it('localDateTimeParts returns the Shanghai wall clock including milliseconds and weekday', () => {
      expect(localDateTimeParts(at('2026-11-20T15:30:00.250Z'), SHANGHAI)).toEqual({
        date: '2026-11-20',
        hour: 23,
        minute: 30,
        second: 0,
        millisecond: 250,
        weekday: 5,
      });
      expect(localDateTimeParts(at('2026-11-20T16:30:00.000Z'), SHANGHAI)).toEqual({
        date: '2026-11-21',
        hour: 0,
        minute: 30,
        second: 0,
        millisecond: 0,
        weekday: 6,
      });
    });

    it('zonedToInstant converts Shanghai midnight to 16:00 UTC of the previous day', () => {
      expect(iso(zonedToInstant('2026-10-01', { hour: 0, minute: 0 }, SHANGHAI))).toBe('2026-09-30T16:00:00.000Z');
      expect(
        iso(zonedToInstant('2026-11-20', { hour: 23, minute: 30, second: 15, millisecond: 5 }, SHANGHAI)),
      ).toBe('2026-11-20T15:30:15.005Z');
    });

    it('zonedToInstant handles a half-hour offset zone (Asia/Kolkata, UTC+05:30)', () => {
      expect(iso(zonedToInstant('2026-06-01', { hour: 0, minute: 0 }, 'Asia/Kolkata'))).toBe('2026-05-31T18:30:00.000Z');
      expect(localDate(at('2026-05-31T18:29:59.999Z'), 'Asia/Kolkata')).toBe('2026-05-31');
      expect(localDate(at('2026-05-31T18:30:00.000Z'), 'Asia/Kolkata')).toBe('2026-06-01');
    });

    it('Europe/Berlin round trips use UTC+1 before and UTC+2 after the spring DST change', () => {
      const before = zonedToInstant('2026-03-28', { hour: 12, minute: 0 }, BERLIN);
      const after = zonedToInstant('2026-03-29', { hour: 12, minute: 0 }, BERLIN);
      expect(iso(before)).toBe('2026-03-28T11:00:00.000Z');
      expect(iso(after)).toBe('2026-03-29T10:00:00.000Z');
      expect(localDateTimeParts(before, BERLIN)).toMatchObject({ date: '2026-03-28', hour: 12, minute: 0 });
      expect(localDateTimeParts(after, BERLIN)).toMatchObject({ date: '2026-03-29', hour: 12, minute: 0 });
    });

    it('Europe/Berlin local midnight moves from 23:00 UTC to 22:00 UTC across the spring DST change', () => {
      expect(iso(startOfLocalDay(at('2026-03-29T12:00:00.000Z'), BERLIN))).toBe('2026-03-28T23:00:00.000Z');
      expect(iso(startOfLocalDay(at('2026-03-30T12:00:00.000Z'), BERLIN))).toBe('2026-03-29T22:00:00.000Z');
      expect(localDate(at('2026-03-29T21:59:59.999Z'), BERLIN)).toBe('2026-03-29');
      expect(localDate(at('2026-03-29T22:00:00.000Z'), BERLIN)).toBe('2026-03-30');
    });

    it('zonedToInstant moves a wall time inside the Berlin spring-forward gap forward by the gap', () => {
      // 02:30 does not exist on 2026-03-29 in Berlin; it resolves to 03:30 CEST.
      const instant = zonedToInstant('2026-03-29', { hour: 2, minute: 30 }, BERLIN);
      expect(iso(instant)).toBe('2026-03-29T01:30:00.000Z');
      expect(localDateTimeParts(instant, BERLIN)).toMatchObject({ date: '2026-03-29', hour: 3, minute: 30 });
    });

    it('zonedToInstant picks the earlier instant for a wall time repeated by the Berlin autumn DST change', () => {
      expect(iso(zonedToInstant('2026-10-25', { hour: 2, minute: 30 }, BERLIN))).toBe('2026-10-25T00:30:00.000Z');
      expect(localDateTimeParts(at('2026-10-25T00:30:00.000Z'), BERLIN)).toMatchObject({ date: '2026-10-25', hour: 2, minute: 30 });
      expect(localDateTimeParts(at('2026-10-25T01:30:00.000Z'), BERLIN)).toMatchObject({ date: '2026-10-25', hour: 2, minute: 30 });
      expect(iso(zonedToInstant('2026-10-25', { hour: 3, minute: 0 }, BERLIN))).toBe('2026-10-25T02:00:00.000Z');
    });

    it('startOfLocalDay in Shanghai returns 16:00 UTC of the previous UTC day', () => {
      expect(iso(startOfLocalDay(at('2026-11-20T17:00:00.000Z'), SHANGHAI))).toBe('2026-11-20T16:00:00.000Z');
      expect(iso(startOfLocalDay(at('2026-11-20T15:59:59.999Z'), SHANGHAI))).toBe('2026-11-19T16:00:00.000Z');
    });

    it('addLocalDays does pure calendar arithmetic across month, leap-day and year ends', () => {
      expect(addLocalDays('2026-02-28', 1)).toBe('2026-03-01');
      expect(addLocalDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(addLocalDays('2026-12-31', 1)).toBe('2027-01-01');
      expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28');
      expect(addLocalDays('2026-10-01', 0)).toBe('2026-10-01');
      expect(addLocalDays('2026-01-01', 365)).toBe('2027-01-01');
    });

    it('rejects malformed dates, impossible dates, bad wall times and unknown time zones', () => {
      expect(() => addLocalDays('2026-02-30', 1)).toThrow(RangeError);
      expect(() => addLocalDays('2026-1-1', 1)).toThrow(RangeError);
      expect(() => addLocalDays('2026-01-01', 0.5)).toThrow(RangeError);
      expect(() => zonedToInstant('2026-01-01', { hour: 24, minute: 0 }, SHANGHAI)).toThrow(RangeError);
      expect(() => zonedToInstant('2026-01-01', { hour: 0, minute: 0 }, 'Mars/Olympus_Mons')).toThrow(RangeError);
      expect(() => localDate(new Date(Number.NaN), SHANGHAI)).toThrow(RangeError);
    });
  });

  describe('working calendar', () => {
    it('treats statutory holidays as off, make-up weekend days as on, and plain weekends as off', () => {
      expect(isWorkingDay(china2026, '2026-10-01')).toBe(false); // Thursday, National Day
      expect(isWorkingDay(china2026, '2026-10-10')).toBe(true); // Saturday, make-up
      expect(isWorkingDay(china2026, '2026-09-20')).toBe(true); // Sunday, make-up
      expect(isWorkingDay(china2026, '2026-10-11')).toBe(false); // plain Sunday
      expect(isWorkingDay(china2026, '2026-10-12')).toBe(true); // plain Monday
      expect(isWorkingDay(plainShanghai, '2026-10-01')).toBe(true); // no overrides: a Thursday
    });

    it('nextWorkingDay skips the whole National Day holiday and lands on the make-up Saturday after it', () => {
      expect(nextWorkingDay(china2026, '2026-09-30')).toBe('2026-10-08');
      expect(nextWorkingDay(china2026, '2026-10-09')).toBe('2026-10-10');
      expect(nextWorkingDay(china2026, '2026-10-10')).toBe('2026-10-12');
    });

    it('nextWorkingDay goes from the Spring Festival make-up Saturday over the nine-day holiday', () => {
      expect(nextWorkingDay(china2026, '2026-02-13')).toBe('2026-02-14');
      expect(nextWorkingDay(china2026, '2026-02-14')).toBe('2026-02-24');
    });
  });

  describe('addWorkingDays', () => {
    it('Friday 15:00 + 1 working day is Monday 15:00', () => {
      // 2026-11-13 is a Friday; 15:00 Shanghai = 07:00Z.
      expect(iso(addWorkingDays(at('2026-11-13T07:00:00.000Z'), 1, china2026))).toBe('2026-11-16T07:00:00.000Z');
    });

    it('Saturday 10:00 + 1 working day is Tuesday 00:00 (the clock starts Monday 00:00)', () => {
      expect(iso(addWorkingDays(at('2026-11-14T02:00:00.000Z'), 1, china2026))).toBe('2026-11-16T16:00:00.000Z');
    });

    it('a deadline started on 2026-09-30 skips National Day (Oct 1–7) and lands on Oct 8', () => {
      // Wednesday 2026-09-30 10:00 Shanghai.
      expect(iso(addWorkingDays(at('2026-09-30T02:00:00.000Z'), 1, china2026))).toBe('2026-10-08T02:00:00.000Z');
    });

    it('a deadline started on 2026-09-30 counts the make-up Saturday Oct 10 as its third working day', () => {
      const start = at('2026-09-30T02:00:00.000Z');
      expect(iso(addWorkingDays(start, 3, china2026))).toBe('2026-10-10T02:00:00.000Z');
      expect(iso(addWorkingDays(start, 4, china2026))).toBe('2026-10-12T02:00:00.000Z'); // Sunday Oct 11 skipped
      expect(iso(addWorkingDays(start, 5, china2026))).toBe('2026-10-13T02:00:00.000Z');
    });

    it('Friday before the Labour Day make-up Saturday + 1 working day is that Saturday', () => {
      // Friday 2026-05-08 09:00 Shanghai -> Saturday 2026-05-09 09:00 (调休).
      expect(iso(addWorkingDays(at('2026-05-08T01:00:00.000Z'), 1, china2026))).toBe('2026-05-09T01:00:00.000Z');
    });

    it('a start on the make-up Saturday keeps its time of day and skips the Spring Festival', () => {
      // Saturday 2026-02-14 14:00 Shanghai is a working day; next is Tuesday 2026-02-24.
      expect(iso(addWorkingDays(at('2026-02-14T06:00:00.000Z'), 1, china2026))).toBe('2026-02-24T06:00:00.000Z');
    });

    it('a start on a holiday with 0 days moves to 00:00 of the next working day', () => {
      // Saturday 2026-10-03 14:00 Shanghai (National Day) -> Thursday 2026-10-08 00:00.
      expect(iso(addWorkingDays(at('2026-10-03T06:00:00.000Z'), 0, china2026))).toBe('2026-10-07T16:00:00.000Z');
    });

    it('a start on a holiday + 1 working day ends at 00:00 of the second working day after it', () => {
      expect(iso(addWorkingDays(at('2026-10-03T06:00:00.000Z'), 1, china2026))).toBe('2026-10-08T16:00:00.000Z');
    });

    it('a start on New Year’s Day moves to the make-up Sunday 2026-01-04 at 00:00', () => {
      expect(iso(addWorkingDays(at('2026-01-01T01:00:00.000Z'), 0, china2026))).toBe('2026-01-03T16:00:00.000Z');
    });

    it('Friday 23:30 Shanghai (still Friday in UTC) + 1 working day is Monday 23:30 Shanghai', () => {
      expect(iso(addWorkingDays(at('2026-11-20T15:30:00.000Z'), 1, china2026))).toBe('2026-11-23T15:30:00.000Z');
    });

    it('Saturday 00:30 Shanghai is a non-working day although it is still Friday in UTC', () => {
      const start = at('2026-11-20T16:30:00.000Z');
      expect(iso(addWorkingDays(start, 0, china2026))).toBe('2026-11-22T16:00:00.000Z'); // Monday 00:00 Shanghai
      expect(iso(addWorkingDays(start, 1, china2026))).toBe('2026-11-23T16:00:00.000Z'); // Tuesday 00:00 Shanghai
    });

    it('the same instant in a UTC calendar is a Friday working day and keeps its time of day', () => {
      expect(iso(addWorkingDays(at('2026-11-20T16:30:00.000Z'), 1, plainUtc))).toBe('2026-11-23T16:30:00.000Z');
    });

    it('0 working days from a working-day start returns the exact same instant', () => {
      expect(iso(addWorkingDays(at('2026-11-18T03:17:45.123Z'), 0, china2026))).toBe('2026-11-18T03:17:45.123Z');
    });

    it('keeps the Berlin wall-clock time of day across the spring DST change', () => {
      // Friday 2026-03-27 09:00 CET (08:00Z) + 1 -> Monday 2026-03-30 09:00 CEST (07:00Z).
      expect(iso(addWorkingDays(at('2026-03-27T08:00:00.000Z'), 1, plainBerlin))).toBe('2026-03-30T07:00:00.000Z');
    });

    it('equals stepping day by day on date strings and converting with zonedToInstant (the rule as the header states it)', () => {
      const stepped = addWorkingDaysByDateStrings;
      const DAY = 86_400_000;
      const from = Date.parse('2025-12-01T00:00:00Z');
      const overrides = fc
        .array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom<CalendarOverride>('holiday', 'workday')), { maxLength: 60 })
        .map((entries) => new Map(entries.map(([d, kind]): [string, CalendarOverride] => [new Date(from + d * DAY).toISOString().slice(0, 10), kind])));
      fc.assert(
        fc.property(
          fc.integer({ min: from, max: from + 400 * DAY }),
          fc.integer({ min: 0, max: 30 }),
          fc.constantFrom(SHANGHAI, BERLIN, 'America/New_York', 'UTC', 'Asia/Kolkata'),
          overrides,
          (t, days, timeZone, map) => {
            const cal: WorkCalendar = { timeZone, overrides: map };
            expect(iso(addWorkingDays(new Date(t), days, cal))).toBe(iso(stepped(new Date(t), days, cal)));
          },
        ),
        { numRuns: 2000 },
      );
      // The DST hours themselves, where the kept wall time does not exist or exists twice.
      for (const startIso of [
        '2026-03-29T00:30:00Z',
        '2026-03-29T01:30:00Z',
        '2026-10-25T00:30:00Z',
        '2026-10-25T01:30:00Z',
        '2026-03-27T01:30:00Z',
        '2026-10-23T00:30:00Z',
      ]) {
        for (let days = 0; days <= 3; days++) {
          expect(iso(addWorkingDays(at(startIso), days, plainBerlin))).toBe(iso(stepped(at(startIso), days, plainBerlin)));
        }
      }
    });

    it('rejects instants and results outside the years 0001..9999', () => {
      expect(() => addWorkingDays(at('+010000-01-03T00:00:00Z'), 1, plainUtc)).toThrow(RangeError);
      expect(() => addWorkingDays(at('9999-12-31T10:00:00Z'), 1, plainUtc)).toThrow(RangeError);
    });

    it('rejects negative and fractional working-day counts', () => {
      const start = at('2026-11-18T03:00:00.000Z');
      expect(() => addWorkingDays(start, -1, china2026)).toThrow(RangeError);
      expect(() => addWorkingDays(start, 1.5, china2026)).toThrow(RangeError);
      expect(() => addWorkingDays(start, Number.NaN, china2026)).toThrow(RangeError);
    });
  });

  describe('deadlineFor', () => {
    it('15 minutes is natural time and runs into a holiday across Shanghai midnight', () => {
      // 2026-10-03 23:55 Shanghai -> 2026-10-04 00:10 Shanghai, both holidays.
      expect(iso(deadlineFor(at('2026-10-03T15:55:00.000Z'), { amount: 15, unit: 'minutes' }, china2026))).toBe(
        '2026-10-03T16:10:00.000Z',
      );
    });

    it('24 hours is natural time and ignores the National Day holiday', () => {
      expect(iso(deadlineFor(at('2026-09-30T10:00:00.000Z'), { amount: 24, unit: 'hours' }, china2026))).toBe(
        '2026-10-01T10:00:00.000Z',
      );
    });

    it('24 hours across the Berlin spring DST change is 24 elapsed hours, not the same wall time', () => {
      const due = deadlineFor(at('2026-03-28T11:00:00.000Z'), { amount: 24, unit: 'hours' }, plainBerlin);
      expect(iso(due)).toBe('2026-03-29T11:00:00.000Z');
      expect(localDateTimeParts(due, BERLIN)).toMatchObject({ date: '2026-03-29', hour: 13 });
    });

    it('working_days delegates to addWorkingDays', () => {
      expect(iso(deadlineFor(at('2026-09-30T02:00:00.000Z'), { amount: 3, unit: 'working_days' }, china2026))).toBe(
        '2026-10-10T02:00:00.000Z',
      );
    });

    it('rejects a negative amount', () => {
      expect(() => deadlineFor(at('2026-09-30T02:00:00.000Z'), { amount: -5, unit: 'minutes' }, china2026)).toThrow(
        RangeError,
      );
    });
  });

  describe('workingDaysBetween', () => {
    it('counts only Oct 8–9 between 2026-09-30 and 2026-10-09 (National Day week)', () => {
      expect(workingDaysBetween(china2026, '2026-09-30', '2026-10-09')).toBe(2);
    });

    it('counts the make-up Saturday Oct 10 and excludes the start date', () => {
      expect(workingDaysBetween(china2026, '2026-09-30', '2026-10-10')).toBe(3);
      expect(workingDaysBetween(china2026, '2026-10-09', '2026-10-10')).toBe(1);
    });

    it('counts Mid-Autumn, make-up Sunday 09-20 and National Day together correctly', () => {
      // 09-20 (make-up) + 09-21..24 + 09-28..30 + 10-08..09 + 10-10 (make-up) = 11.
      expect(workingDaysBetween(china2026, '2026-09-18', '2026-10-11')).toBe(11);
    });

    it('counts 248 working days in mainland China 2026', () => {
      // 261 weekdays - 19 weekday holidays + 6 make-up days.
      expect(workingDaysBetween(china2026, '2025-12-31', '2026-12-31')).toBe(248);
    });

    it('returns 0 for an empty or reversed range', () => {
      expect(workingDaysBetween(china2026, '2026-10-09', '2026-10-09')).toBe(0);
      expect(workingDaysBetween(china2026, '2026-10-12', '2026-10-09')).toBe(0);
    });

    it('agrees with a day-by-day isWorkingDay count for every range within the 2026 autumn holidays', () => {
      const days: string[] = [];
      for (let d = '2026-09-10'; d <= '2026-10-20'; d = addLocalDays(d, 1)) days.push(d);
      days.forEach((from, i) => {
        let naive = 0;
        for (const to of days.slice(i + 1)) {
          if (isWorkingDay(china2026, to)) naive++;
          expect([from, to, workingDaysBetween(china2026, from, to)]).toEqual([from, to, naive]);
        }
      });
    });
  });

  describe('deadlineLight', () => {
    // 120 h window: 80 % is reached after exactly 96 h.
    const start = at('2026-11-16T01:00:00.000Z');
    const due = at('2026-11-21T01:00:00.000Z');

    it('is green one millisecond before 80 % of the window has elapsed', () => {
      expect(deadlineLight(start, due, at('2026-11-20T00:59:59.999Z'))).toBe('green');
    });

    it('is yellow at exactly 80 % of the window', () => {
      expect(deadlineLight(start, due, at('2026-11-20T01:00:00.000Z'))).toBe('yellow');
    });

    it('is still yellow at exactly the due instant and red one millisecond later', () => {
      expect(deadlineLight(start, due, at('2026-11-21T01:00:00.000Z'))).toBe('yellow');
      expect(deadlineLight(start, due, at('2026-11-21T01:00:00.001Z'))).toBe('red');
    });

    it('honours a custom yellow fraction', () => {
      expect(deadlineLight(start, due, at('2026-11-18T12:59:59.999Z'), 0.5)).toBe('green');
      expect(deadlineLight(start, due, at('2026-11-18T13:00:00.000Z'), 0.5)).toBe('yellow');
    });

    it('is green before the start instant', () => {
      expect(deadlineLight(start, due, at('2026-11-15T00:00:00.000Z'))).toBe('green');
    });
  });

  describe('businessDayRange', () => {
    it('covers the National Day week as [Sep 30 16:00Z, Oct 7 16:00Z)', () => {
      const range = businessDayRange('2026-10-01', '2026-10-07', SHANGHAI);
      expect([iso(range.start), iso(range.end)]).toEqual(['2026-09-30T16:00:00.000Z', '2026-10-07T16:00:00.000Z']);
    });

    it('covers a 23-hour Berlin DST day', () => {
      const range = businessDayRange('2026-03-29', '2026-03-29', BERLIN);
      expect([iso(range.start), iso(range.end)]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    });

    it('rejects a range whose end is before its start', () => {
      expect(() => businessDayRange('2026-10-07', '2026-10-01', SHANGHAI)).toThrow(RangeError);
    });
  });
});
