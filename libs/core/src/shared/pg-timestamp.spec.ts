import { types } from 'pg';
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
