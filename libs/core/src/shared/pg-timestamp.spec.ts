import { types } from 'pg';
import fc from 'fast-check';
import { pgTimestampIso, pgTimestampMs } from './pg-timestamp';

const pgDate = types.getTypeParser(1184, 'text') as (t: string) => Date;

describe('timestamptz text read without a Date', () => {
  const cases = [
    '2026-12-03 06:39:45.884+00',
    '2026-12-03 06:39:45.884567+00',
    '2026-12-03 06:39:45.8+00',
    '2026-12-03 06:39:45+00',
    '2026-12-03 14:39:45.884567+08',
    '2026-12-03 00:09:45.1+05:30',
    '2026-12-02 20:39:45.999999-10',
    '1900-01-01 00:00:00+00:19:32',
    '2026-01-01 00:00:00.000001+00',
    '0044-03-15 12:00:00+00',
  ];
  it.each(cases)('%s: the same instant and ISO text as pg’s own parser', (text) => {
    expect(pgTimestampMs(text)).toBe(pgDate(text).getTime());
    expect(pgTimestampIso(text)).toBe(pgDate(text).toISOString());
  });

  it('falls back to pg’s parser for what it does not recognise (BC, infinity)', () => {
    expect(pgTimestampMs('0044-03-15 12:00:00+00 BC')).toBe(pgDate('0044-03-15 12:00:00+00 BC').getTime());
    expect(pgTimestampMs('infinity')).toBe(Infinity);
  });
});

describe('timestamptz text: the positional reader against pg’s parser', () => {
  it('reads every canonical text as pg does (property)', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -15 * 3600, max: 15 * 3600 }),
        fc.integer({ min: 0, max: 2 }),
        (d, micros, fracDigits, offsetS, offsetParts) => {
          const off = offsetParts === 0 ? Math.trunc(offsetS / 3600) * 3600 : offsetParts === 1 ? Math.trunc(offsetS / 60) * 60 : offsetS;
          const local = new Date(d.getTime() + off * 1000);
          const a = Math.abs(off);
          const zone =
            (off < 0 ? '-' : '+') +
            two(Math.trunc(a / 3600)) +
            (offsetParts >= 1 ? `:${two(Math.trunc(a / 60) % 60)}` : '') +
            (offsetParts === 2 ? `:${two(a % 60)}` : '');
          const frac = fracDigits ? `.${String(micros).padStart(6, '0').slice(0, fracDigits)}` : '';
          const text = `${local.toISOString().slice(0, 10)} ${local.toISOString().slice(11, 19)}${frac}${zone}`;
          if (local.getUTCFullYear() < 100 || local.getUTCFullYear() > 9999) return;
          expect(pgTimestampMs(text)).toBe(pgDate(text).getTime());
          expect(pgTimestampIso(text)).toBe(pgDate(text).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    '2026-12-03 06:39:45.+00',
    '2026-12-03 06:39:45.1234567+00',
    '2026-12-03 06:39:45+0',
    '2026-12-03 06:39:45+00:3',
    '2026-12-03T06:39:45+00',
    '2026-12-3 06:39:45+00',
  ])('%s: not canonical, so not read by position: the same instant as pg’s parser gives', (text) => {
    const v = pgDate(text) as Date | number;
    expect(pgTimestampMs(text)).toBe(v instanceof Date ? v.getTime() : Number(v));
  });
});
