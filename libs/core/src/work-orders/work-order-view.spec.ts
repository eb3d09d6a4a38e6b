import { lightOf } from './work-order-view';

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
});
