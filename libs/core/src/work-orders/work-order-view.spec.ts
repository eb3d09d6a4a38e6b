import { lightOf, lightOfMs } from './work-order-view';

const t = (iso: string) => new Date(iso);
const dispatched = {
  status: 'dispatched' as const,
  dispatchedAt: t('2026-11-23T01:00:00Z'),
  signDueAt: t('2026-11-24T01:00:00Z'),
  clockStartAt: t('2026-11-23T01:00:00Z'),
  dueAt: t('2026-12-07T01:00:00Z'),
};

describe('deadline light of an order', () => {
  it('is green early in both clocks', () => {
    expect(lightOf(dispatched, t('2026-11-23T02:00:00Z'), 0.8)).toBe('green');
  });
  it('turns yellow at 80 % of the sign-for time while unsigned', () => {
    expect(lightOf(dispatched, t('2026-11-23T20:12:00Z'), 0.8)).toBe('yellow');
  });
  it('turns red once the sign-for deadline has passed unsigned', () => {
    expect(lightOf(dispatched, t('2026-11-24T01:00:01Z'), 0.8)).toBe('red');
  });
  it('ignores the sign-for clock once signed', () => {
    expect(lightOf({ ...dispatched, status: 'accepted' }, t('2026-11-24T01:00:01Z'), 0.8)).toBe('green');
  });
  it('turns red when the completion deadline has passed', () => {
    expect(lightOf({ ...dispatched, status: 'accepted' }, t('2026-12-07T01:00:01Z'), 0.8)).toBe('red');
  });
  it('has no light once replied or closed', () => {
    expect(lightOf({ ...dispatched, status: 'replied' }, t('2026-12-08T00:00:00Z'), 0.8)).toBe('none');
  });
  it('reads only the instants of the windows that apply', () => {
    const invalid = new Date(Number.NaN);
    expect(lightOf({ ...dispatched, status: 'accepted', dispatchedAt: invalid, signDueAt: invalid }, t('2026-11-24T01:00:01Z'), 0.8)).toBe('green');
    expect(lightOf({ ...dispatched, status: 'closed', dueAt: invalid }, invalid, 0.8)).toBe('none');
    expect(() => lightOf({ ...dispatched, dueAt: invalid }, t('2026-11-23T02:00:00Z'), 0.8)).toThrow(RangeError);
  });
  it('gives the same light from epoch milliseconds (the list rows)', () => {
    const ms = (d: Date) => d.getTime();
    const asMs = {
      ...dispatched,
      dispatchedAt: ms(dispatched.dispatchedAt),
      signDueAt: ms(dispatched.signDueAt),
      clockStartAt: ms(dispatched.clockStartAt),
      dueAt: ms(dispatched.dueAt),
    };
    for (const [status, at] of [
      ['dispatched', '2026-11-23T02:00:00Z'],
      ['dispatched', '2026-11-23T20:12:00Z'],
      ['dispatched', '2026-11-24T01:00:01Z'],
      ['accepted', '2026-11-24T01:00:01Z'],
      ['accepted', '2026-12-07T01:00:01Z'],
      ['replied', '2026-12-08T00:00:00Z'],
    ] as const) {
      expect(lightOfMs({ ...asMs, status }, ms(t(at)), 0.8)).toBe(lightOf({ ...dispatched, status }, t(at), 0.8));
    }
  });
});
