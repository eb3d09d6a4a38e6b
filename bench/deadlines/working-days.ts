// What the two deadlines of a dispatch cost (sign-for 1 working day, completion 10), the way the
// worker computes them for every routed order: addWorkingDays against the same rule stepped on date
// strings (libs/testing's oracle, in the shape addWorkingDays had before 2026-12-06), on the seed's
// Chinese calendar (2026 and 2027), in Asia/Shanghai. Rounds alternate A and B in
// one process; prints JSON with each round's µs per order, the medians and the ratio.
//
//   node -r ./scripts/register.js bench/deadlines/working-days.ts     # ROUNDS (7), ORDERS (100000)
import { addWorkingDays, type CalendarOverride, type WorkCalendar } from '../../libs/core/src/calendar/working-time';
import { addWorkingDaysByDateStrings } from '../../libs/testing/src/working-days-reference';
import { CALENDAR } from '../../libs/database/src/seed/demo-data';
import { median } from '../stats';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const ORDERS = Number(process.env.ORDERS ?? 100_000);

const overrides = new Map<string, CalendarOverride>(CALENDAR.map((d) => [d.date, d.kind]));
const cal: WorkCalendar = { timeZone: 'Asia/Shanghai', overrides };
// Orders arriving one every 5 s through the coming weeks: weekdays, nights, weekends and holidays.
const base = Date.now();

function round(fn: (start: Date, days: number, cal: WorkCalendar) => Date): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    const start = new Date(base + i * 5_000);
    sink += fn(start, 1, cal).getTime() + fn(start, 10, cal).getTime();
  }
  const us = Number(process.hrtime.bigint() - t0) / 1000 / ORDERS;
  if (sink === 0) throw new Error('unreachable');
  return us;
}

// Both give the same instants (the spec's property); checked here on the bench's own inputs too.
for (let i = 0; i < 1000; i++) {
  const start = new Date(base + i * 600_000);
  for (const days of [1, 10]) {
    if (addWorkingDays(start, days, cal).getTime() !== addWorkingDaysByDateStrings(start, days, cal).getTime()) {
      throw new Error(`the two disagree at ${start.toISOString()} + ${days}`);
    }
  }
}
round(addWorkingDaysByDateStrings);
round(addWorkingDays); // warm-up
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  a.push(round(addWorkingDaysByDateStrings));
  b.push(round(addWorkingDays));
}
const ma = median(a);
const mb = median(b);
console.log(
  JSON.stringify(
    {
      bench: 'deadlines/working-days',
      overrides: overrides.size,
      orders: ORDERS,
      rounds: ROUNDS,
      usPerOrder: { byDateStrings: a.map((x) => +x.toFixed(2)), epochDays: b.map((x) => +x.toFixed(2)) },
      median: { byDateStrings: +ma.toFixed(2), epochDays: +mb.toFixed(2) },
      ratio: +(mb / ma).toFixed(3),
    },
    null,
    2,
  ),
);
