import { routingTokens } from './routing-tokens';
import { type CatalogueLeafInput, LOCAL_LABEL, type RouterModel, type TrainingExample, buildKeywordIndex, rankLabels, seedExamples, trainRouter } from './text-router';

const CATALOGUE: CatalogueLeafInput[] = [
  { code: 'cg.noise.construction', name: '施工噪音', keywords: ['噪音', '夜间施工', '工地', '打桩'], label: 'cgj' },
  { code: 'cg.garbage', name: '街面垃圾清运', keywords: ['垃圾箱', '垃圾', '没清运', '环卫'], label: 'cgj' },
  { code: 'cg.sanitation.community', name: '小区环境卫生', keywords: ['小区卫生', '垃圾', '没人打扫', '臭味'], label: LOCAL_LABEL },
  { code: 'gy.heating', name: '供热', keywords: ['暖气不热', '供暖', '暖气', '室温低'], label: 'gongre' },
  { code: 'gy.water.outage', name: '停水', keywords: ['停水', '没水', '自来水', '水管爆裂'], label: 'gongshui' },
  { code: 'sb.wage_arrears', name: '拖欠工资', keywords: ['欠薪', '拖欠工资', '工钱', '包工头'], label: 'rsj' },
];

const HISTORY: [string, string][] = [
  ['旁边工地半夜还在干活，机器声音大得睡不着', 'cgj'],
  ['晚上十点以后还在打桩，吵得没法休息', 'cgj'],
  ['街边的垃圾箱满了好几天没清运', 'cgj'],
  ['路边垃圾桶都溢出来了，环卫也不来收', 'cgj'],
  ['小区里的垃圾堆了好几天没人清理，臭味很大', LOCAL_LABEL],
  ['我们小区楼道里全是垃圾没人打扫', LOCAL_LABEL],
  ['家里暖气一点都不热，屋里才十几度', 'gongre'],
  ['供暖一个月了暖气还是凉的，老人冻得受不了', 'gongre'],
  ['家里停水一整天了也没通知', 'gongshui'],
  ['楼里自来水突然没水了，做饭都没水', 'gongshui'],
  ['老板拖欠了我们三个月的工资一直不发', 'rsj'],
  ['包工头跑了，干活的工钱拿不到', 'rsj'],
];

const positives = (): TrainingExample[] => HISTORY.map(([text, label]) => ({ tokens: routingTokens(text), label }));
const examples = (): TrainingExample[] => [...seedExamples(CATALOGUE, routingTokens), ...positives()];
const index = buildKeywordIndex(CATALOGUE);
const rank = (model: RouterModel, text: string, opts: { exclude?: string[]; topK?: number } = {}) => rankLabels(model, index, routingTokens(text), opts);
const scoreOf = (model: RouterModel, text: string, label: string) => rank(model, text, { topK: 99 }).find((s) => s.label === label)?.score ?? 0;

describe('text router', () => {
  const model = trainRouter(examples());

  it('routes a clear complaint to its unit with a high score, the matched keywords and the leaf', () => {
    const [top] = rank(model, '市民来电反映：阳光花园旁边的工地夜间施工，打桩声音太大，噪音扰民睡不着觉');

    expect(top.label).toBe('cgj');
    expect(top.score).toBeGreaterThan(0.75);
    expect(top.reason.source).toBe('both');
    expect(top.reason.words.slice(0, 2)).toEqual(['夜间施工', '噪音']);
    expect(top.reason.matterCodes).toEqual(['cg.noise.construction']);
  });

  it('still routes a text whose key word is mistyped (缓气 for 暖气)', () => {
    const text = '家里缓气一点都不热，屋里冷得很';
    expect(routingTokens(text)).not.toContain('暖气');

    const [top] = rank(model, text);

    expect(top.label).toBe('gongre');
    expect(top.reason.source).toBe('classifier');
  });

  it('scores a label lower once an approved return says a text is not its matter', () => {
    const text = '楼下垃圾桶满了没人收';
    expect(rank(model, text)[0].label).toBe('cgj');
    const returned: TrainingExample = { tokens: routingTokens(text), label: 'cgj', negative: true };

    const withReturn = trainRouter([...examples(), returned]);

    expect(scoreOf(withReturn, text, 'cgj')).toBeLessThan(scoreOf(model, text, 'cgj') - 0.3);
    expect(rank(withReturn, text)[0].label).toBe(LOCAL_LABEL);
  });

  it('never suggests an excluded unit and renormalises the others', () => {
    const text = '家里停水一整天了，自来水一直没来';
    const before = rank(model, text, { topK: 99 });
    const second = before[1];

    const after = rank(model, text, { exclude: ['gongshui'], topK: 99 });

    expect(before[0].label).toBe('gongshui');
    expect(after.map((s) => s.label)).not.toContain('gongshui');
    expect(after[0].label).toBe(second.label);
    expect(after[0].score).toBeGreaterThan(second.score);
    expect(after.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 3);
  });

  it('keeps every score under 0.5 for a vague text', () => {
    for (const text of ['我要反映个问题', '你好，我想咨询一下', '市民来电反映情况，希望尽快处理']) {
      const suggestions = rank(model, text, { topK: 99 });
      expect(suggestions.length).toBe(model.labels.length);
      expect(Math.max(...suggestions.map((s) => s.score))).toBeLessThan(0.5);
    }
  });

  it('learns the same model from the same examples and seed', () => {
    const again = trainRouter(examples());
    const otherSeed = trainRouter(examples(), { seed: 2 });

    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    expect(JSON.stringify(otherSeed.weights)).not.toBe(JSON.stringify(model.weights));
  });

  it('ranks identically after the model and the keyword index go through JSON (jsonb)', () => {
    const storedModel = JSON.parse(JSON.stringify(model)) as RouterModel;
    const storedIndex = JSON.parse(JSON.stringify(index)) as typeof index;
    const texts = ['工地半夜打桩噪音太大', '小区垃圾没人打扫臭味熏天', '老板欠薪不给工钱', '暖气不热'];

    for (const text of texts) {
      const tokens = routingTokens(text);
      expect(rankLabels(storedModel, storedIndex, tokens, { topK: 5 })).toEqual(rankLabels(model, index, tokens, { topK: 5 }));
    }
  });

  it('describes itself: labels, algorithm, feature count and training stats', () => {
    expect([...model.labels].sort()).toEqual([LOCAL_LABEL, 'cgj', 'gongre', 'gongshui', 'rsj']);
    expect(model.algorithm).toBe('softmax-regression-adagrad');
    expect(model.featureCount).toBe(Object.keys(model.weights).length);
    expect(model.stats).toMatchObject({ positives: examples().length, negatives: 0, trainingAccuracy: 1 });
    expect(model.stats.labelCounts.cgj).toBeGreaterThan(0);
  });

  it('suggests from the catalogue keywords alone before any history', () => {
    const seedOnly = trainRouter(seedExamples(CATALOGUE, routingTokens));

    const [top] = rank(seedOnly, '我们这边停水两天了，水管爆裂没人修');

    expect(top.label).toBe('gongshui');
    expect(top.reason.matterCodes).toEqual(['gy.water.outage']);
  });
});
