// addWorkingDays's rule as working-time.ts's header states it, stepped one 'YYYY-MM-DD' string at a
// time (addLocalDays) with its own day rule (an override wins, else Monday–Friday): the oracle the
// spec compares the production function with, independent of its epoch-day stepping, and the
// baseline of bench/deadlines/working-days.ts (the way addWorkingDays ran before 2026-12-06).
import { addLocalDays, localDateTimeParts, type WorkCalendar, zonedToInstant } from '../../core/src/calendar/working-time';

function isWorking(cal: WorkCalendar, date: string): boolean {
  const override = cal.overrides.get(date);
  if (override === 'holiday') return false;
  if (override === 'workday') return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function nextWorking(cal: WorkCalendar, date: string): string {
  let d = addLocalDays(date, 1);
  while (!isWorking(cal, d)) d = addLocalDays(d, 1);
  return d;
}

export function addWorkingDaysByDateStrings(start: Date, days: number, cal: WorkCalendar): Date {
  const p = localDateTimeParts(start, cal.timeZone);
  let date = p.date;
  let time = { hour: p.hour, minute: p.minute, second: p.second, millisecond: p.millisecond };
  if (isWorking(cal, date)) {
    if (days === 0) return new Date(start.getTime());
  } else {
    date = nextWorking(cal, date);
    time = { hour: 0, minute: 0, second: 0, millisecond: 0 };
  }
  for (let i = 0; i < days; i++) date = nextWorking(cal, date);
  return zonedToInstant(date, time, cal.timeZone);
}
