import { generateRoutingCorpus, routingLeaves, routingPlaces } from './routing-corpus';

describe('routing corpus', () => {
  const corpus = generateRoutingCorpus({ size: 2000, seed: 42 });

  it('is the same corpus for the same seed and a different one for another seed', () => {
    expect(generateRoutingCorpus({ size: 2000, seed: 42 })).toEqual(corpus);
    expect(generateRoutingCorpus({ size: 50, seed: 43 }).map((i) => i.content)).not.toEqual(corpus.slice(0, 50).map((i) => i.content));
  });

  it('labels each item with its leaf unit, or the district government for 属地 leaves', () => {
    const leaves = new Map(routingLeaves().map((l) => [l.code, l]));
    const gov = new Map(routingPlaces().map((p) => [p.districtName, p.governmentCode]));
    for (const item of corpus) {
      const leaf = leaves.get(item.matterCode)!;
      const district = [...gov.keys()].find((name) => item.address.startsWith(name))!;
      expect(item.expectedDepartmentCode).toBe(leaf.districtUnits ? gov.get(district) : leaf.departmentCode);
    }
  });

  it('names the district or one of its towns in the text whenever the district code is missing', () => {
    const places = routingPlaces();
    const missing = corpus.filter((i) => i.districtCode === null);
    expect(missing.length).toBeGreaterThan(200);
    for (const item of missing) {
      const place = places.find((p) => item.address.startsWith(p.districtName))!;
      expect([place.districtName, ...place.streets].some((name) => item.content.includes(name))).toBe(true);
    }
  });

  it('covers every leaf and phrasing, with typos in a minority of items', () => {
    expect(new Set(corpus.map((i) => i.matterCode)).size).toBe(routingLeaves().length);
    expect(new Set(corpus.map((i) => i.phrasing)).size).toBe(8);
    const withTypos = corpus.filter((i) => i.typos > 0).length / corpus.length;
    expect(withTypos).toBeGreaterThan(0.08);
    expect(withTypos).toBeLessThan(0.35);
  });
});
