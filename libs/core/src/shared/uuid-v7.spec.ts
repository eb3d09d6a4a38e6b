import { uuidV7, uuidV7Time } from './uuid-v7';

const RFC_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7 (time-ordered ids for work orders)', () => {
  it('is a version 7, RFC-variant UUID carrying its millisecond', () => {
    const at = Date.UTC(2026, 11, 3, 16, 0, 0, 123);
    const id = uuidV7(at);
    expect(id).toMatch(RFC_V7);
    expect(uuidV7Time(id)).toBe(at);
    expect(uuidV7(0, '00000000-0000-4000-8000-000000000000')).toBe('00000000-0000-7000-8000-000000000000');
    expect(uuidV7(2 ** 48 - 1, 'ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe('ffffffff-ffff-7fff-bfff-ffffffffffff');
  });

  it('sorts by time across milliseconds (as text and as PostgreSQL compares uuids: bytewise)', () => {
    const base = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 2000 }, (_, i) => uuidV7(base + i * 37));
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps the rest random: ids of one millisecond differ', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidV7(at)));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(RFC_V7);
  });

  it('refuses a time it cannot carry', () => {
    expect(() => uuidV7(-1)).toThrow(/out of range/);
    expect(() => uuidV7(2 ** 48)).toThrow(/out of range/);
    expect(() => uuidV7(1.5)).toThrow(/out of range/);
  });
});
