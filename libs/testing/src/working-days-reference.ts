// addWorkingDays's rule as working-time.ts's header states it, stepped on 'YYYY-MM-DD' strings with
// the module's public primitives (nextWorkingDay, zonedToInstant): the oracle the spec compares the
// production function with, and the baseline of bench/deadlines/working-days.ts.
import { isWorkingDay, localDateTimeParts, nextWorkingDay, type WorkCalendar, zonedToInstant } from '../../core/src/calendar/working-time';

export function addWorkingDaysByDateStrings(start: Date, days: number, cal: WorkCalendar): Date {
  const p = localDateTimeParts(start, cal.timeZone);
  let date = p.date;
  let time = { hour: p.hour, minute: p.minute, second: p.second, millisecond: p.millisecond };
  if (isWorkingDay(cal, date)) {
    if (days === 0) return new Date(start.getTime());
  } else {
    date = nextWorkingDay(cal, date);
    time = { hour: 0, minute: 0, second: 0, millisecond: 0 };
  }
  for (let i = 0; i < days; i++) date = nextWorkingDay(cal, date);
  return zonedToInstant(date, time, cal.timeZone);
}
