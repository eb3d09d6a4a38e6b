import { type DistrictEntry, LOCAL, decide, detectDistrict, namesOf, resolveLabels } from './routing-rules';

const directory: DistrictEntry[] = [
  { districtCode: '150802', governmentId: 'linhe-gov', names: [...namesOf('临河区人民政府', 'district'), ...namesOf('临河区车站街道办事处', 'street')] },
  { districtCode: '150823', governmentId: 'wltqq-gov', names: [...namesOf('乌拉特前旗人民政府', 'district'), ...namesOf('乌拉特前旗乌拉山镇人民政府', 'street')] },
  { districtCode: '150825', governmentId: 'wlthq-gov', names: namesOf('乌拉特后旗人民政府', 'district') },
];

describe('namesOf', () => {
  it('gives a district its full and short names', () => {
    expect(namesOf('临河区人民政府', 'district')).toEqual(['临河区', '临河']);
    expect(namesOf('乌拉特前旗人民政府', 'district')).toEqual(['乌拉特前旗', '前旗']);
  });

  it('gives a street office the names callers use for it', () => {
    expect(namesOf('临河区车站街道办事处', 'street')).toEqual(['车站街道']);
    expect(namesOf('乌拉特前旗乌拉山镇人民政府', 'street')).toEqual(['乌拉山镇', '乌拉山']);
  });
});

describe('detectDistrict', () => {
  it('finds the district from a street address', () => {
    expect(detectDistrict('车站街道幸福小区门口有人摆摊', directory)).toBe('150802');
  });

  it('prefers the longer name at the same place (乌拉特后旗 over 后旗)', () => {
    expect(detectDistrict('乌拉特后旗巴音宝力格镇垃圾没人清理', directory)).toBe('150825');
  });

  it('takes the first place mentioned', () => {
    expect(detectDistrict('我住前旗，户口在临河', directory)).toBe('150823');
  });

  it('does not read 火车站 as the 车站 street office', () => {
    expect(detectDistrict('火车站广场有人摆摊', directory)).toBeNull();
  });

  it('returns null when no place is named', () => {
    expect(detectDistrict('楼下烧烤店油烟太大', directory)).toBeNull();
  });
});

describe('resolveLabels', () => {
  const ranked = [
    { label: LOCAL, score: 0.9, reason: { source: 'both', words: ['摆摊'] } },
    { label: 'cgj', score: 0.05, reason: { source: 'classifier', words: [] } },
  ];

  it('turns 属地 into the government of the known district', () => {
    expect(resolveLabels(ranked, '150802', directory)[0]).toMatchObject({ departmentId: 'linhe-gov', score: 0.9 });
  });

  it('leaves 属地 without a unit when the district is unknown', () => {
    expect(resolveLabels(ranked, null, directory)[0].departmentId).toBeNull();
  });
});

describe('decide', () => {
  const s = (departmentId: string | null, score: number) => ({ departmentId, label: departmentId ?? LOCAL, score, reason: { source: 'classifier', words: [] } });

  it('dispatches in auto mode when the top score reaches the threshold', () => {
    expect(decide('auto', 0.75, [s('zjj', 0.75)])).toEqual({ action: 'dispatch', departmentId: 'zjj', score: 0.75 });
  });

  it('sends a low score to the dispatchers', () => {
    expect(decide('auto', 0.75, [s('zjj', 0.6)])).toMatchObject({ action: 'manual' });
  });

  it('always asks a dispatcher in suggest mode', () => {
    expect(decide('suggest', 0.75, [s('zjj', 0.99)])).toMatchObject({ action: 'manual' });
  });

  it('does not dispatch a 属地 matter whose district is unknown', () => {
    expect(decide('auto', 0.75, [s(null, 0.95)])).toEqual({ action: 'manual', reason: '属地 matter but the district is not known' });
  });
});
