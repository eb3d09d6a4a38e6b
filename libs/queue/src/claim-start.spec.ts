import { ClaimStart, SETTLE_EVERY_MS, compareIds } from './claim-start';

const opts = { settleMs: 10_000, rescanMs: 60_000 };

describe('ClaimStart (where the outbox claim starts)', () => {
  it('reads everything first, then starts where the last batch started', () => {
    const s = new ClaimStart(opts);
    expect(s.next(0)).toEqual({ from: '0', kind: 'full' });
    s.published(1, '100');
    expect(s.next(10)).toEqual({ from: '100', kind: 'fast' });
    s.published(11, '350');
    expect(s.next(20)).toEqual({ from: '350', kind: 'fast' });
    // A claim that found nothing or failed records nothing: the floor stays.
    expect(s.next(30)).toEqual({ from: '350', kind: 'fast' });
  });

  it('a settle claim every second starts at a floor recorded at least settleMs ago', () => {
    const s = new ClaimStart(opts);
    s.next(0);
    s.published(0, '10');
    s.published(4_000, '20');
    s.published(9_000, '30');
    s.published(12_000, '40');
    // At 1 s nothing is settleMs old yet: the settle claim reads from 0.
    expect(s.next(SETTLE_EVERY_MS)).toEqual({ from: '0', kind: 'settle' });
    expect(s.next(SETTLE_EVERY_MS + 1)).toEqual({ from: '40', kind: 'fast' });
    // At 14.5 s the floors at 0 and 4 s are older than 10 s: the newer of them.
    expect(s.next(14_500)).toEqual({ from: '20', kind: 'settle' });
    expect(s.next(14_600)).toEqual({ from: '40', kind: 'fast' });
    expect(s.next(19_500)).toEqual({ from: '30', kind: 'settle' });
  });

  it('finds a straggler: a row whose lower id commits after higher ids were published', () => {
    // Ids grow with time. Batches claimed at t start at ids inserted before t, so the floor recorded at
    // any t before the straggler's insert is below it.
    const s = new ClaimStart(opts);
    const claimsFrom: { at: number; from: string }[] = [];
    let nextId = 1;
    const stragglerInsertedAt = 20_000;
    const stragglerCommitAt = 26_000; // open for 6 s, less than settleMs - SETTLE_EVERY_MS
    let stragglerId = 0;
    for (let t = 0; t <= 40_000; t += 50) {
      const id = nextId++;
      if (t === stragglerInsertedAt) stragglerId = id;
      const { from } = s.next(t);
      claimsFrom.push({ at: t, from });
      // Every row but the straggler commits at once and is claimed by this claim.
      if (id !== stragglerId) s.published(t, String(id));
    }
    const seenAfterCommit = claimsFrom.filter((c) => c.at >= stragglerCommitAt && compareIds(c.from, String(stragglerId)) <= 0);
    expect(seenAfterCommit.length).toBeGreaterThan(0);
    expect(seenAfterCommit[0].at - stragglerCommitAt).toBeLessThanOrEqual(SETTLE_EVERY_MS);
  });

  it('a transaction open longer than settleMs is found by the full claim', () => {
    const s = new ClaimStart({ settleMs: 2_000, rescanMs: 5_000 });
    expect(s.next(0).kind).toBe('full');
    s.published(0, '1');
    s.published(100, '900');
    expect(s.next(4_999).kind).toBe('settle');
    expect(s.next(5_000)).toEqual({ from: '0', kind: 'full' });
  });

  it('the floor never moves back for rows a settle or full claim found below it', () => {
    const s = new ClaimStart(opts);
    s.next(0);
    s.published(0, '500');
    s.published(1, '120'); // a straggler found by a settle claim
    expect(s.next(2)).toEqual({ from: '500', kind: 'fast' });
  });

  it('owes a settle claim within a second after a fast claim, none when idle', () => {
    const s = new ClaimStart(opts);
    s.next(0);
    expect(s.settleDueIn(10)).toBe(Number.POSITIVE_INFINITY);
    s.next(300);
    expect(s.settleDueIn(300)).toBe(SETTLE_EVERY_MS - 300);
    expect(s.next(SETTLE_EVERY_MS).kind).toBe('settle');
    expect(s.settleDueIn(SETTLE_EVERY_MS)).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps only the floors a settle claim may still need', () => {
    const s = new ClaimStart(opts);
    s.next(0);
    for (let t = 0; t < 100_000; t += 10) s.published(t, String(t + 1));
    expect((s as unknown as { floors: unknown[] }).floors.length).toBeLessThanOrEqual(10_000 / 10 + 1);
  });

  it('compares ids as numbers', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('100', '100')).toBe(0);
    expect(compareIds('12345678901234567890', '12345678901234567889')).toBeGreaterThan(0);
  });
});
