import { satisfactionRate } from './rates';

const counts = (over: Partial<Record<string, number>>) => ({
  very_satisfied: 0,
  satisfied: 0,
  basically_satisfied: 0,
  dissatisfied: 0,
  very_dissatisfied: 0,
  ...over,
});

describe('satisfaction rate', () => {
  it('counts 基本满意 fully with the default weight', () => {
    const r = satisfactionRate(counts({ very_satisfied: 5, satisfied: 3, basically_satisfied: 1, dissatisfied: 1 }));
    expect(r.satisfaction).toEqual({ numerator: 9, denominator: 10, rate: 0.9 });
  });
  it('leaves 基本满意 out of the strict rate', () => {
    const r = satisfactionRate(counts({ very_satisfied: 5, satisfied: 3, basically_satisfied: 1, dissatisfied: 1 }));
    expect(r.strict).toEqual({ numerator: 8, denominator: 10, rate: 0.8 });
  });
  it('weights 基本满意 by w', () => {
    const r = satisfactionRate(counts({ satisfied: 1, basically_satisfied: 2, very_dissatisfied: 1 }), 0.5);
    expect(r.satisfaction).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
  });
  it('has no rate when nothing was rated', () => {
    expect(satisfactionRate(counts({})).satisfaction.rate).toBeNull();
  });
});
