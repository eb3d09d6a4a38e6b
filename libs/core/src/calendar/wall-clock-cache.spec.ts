// The wall-clock fields come from a per-hour offset cache; they must always equal what Intl says,
// including in the hours where a zone changes its offset.
import fc from 'fast-check';
import { localDateTimeParts } from './working-time';

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Asia/Ulaanbaatar'];

function intlParts(t: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second) };
}

describe('wall-clock fields through the hour-offset cache', () => {
  it('equal Intl for any instant 1970–2100 in zones with DST, half-hour and quarter-hour offsets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (t, zone) => {
        const { date, hour, minute, second } = localDateTimeParts(new Date(t), zone);
        expect({ date, hour, minute, second }).toEqual(intlParts(t, zone));
      }),
      { numRuns: 3000 },
    );
  });

  it('equal Intl minute by minute across DST transitions (New York spring and autumn 2026, Lord Howe’s half hour)', () => {
    const windows: [string, number][] = [
      ['America/New_York', Date.UTC(2026, 2, 8, 6, 0)],
      ['America/New_York', Date.UTC(2026, 10, 1, 5, 0)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 14, 0)],
      ['Europe/London', Date.UTC(2026, 2, 29, 0, 0)],
    ];
    for (const [zone, start] of windows) {
      for (let t = start; t < start + 3 * 3_600_000; t += 60_000 - 1) {
        const { date, hour, minute, second } = localDateTimeParts(new Date(t), zone);
        expect({ date, hour, minute, second }).toEqual(intlParts(t, zone));
      }
    }
  });
});
