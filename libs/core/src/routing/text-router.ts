// The text router (pure): a softmax regression over the tokens of a citizen's text, learned from
// history (accepted dispatches are positive examples, approved returns negative ones) and seeded
// from the matter catalogue, combined with a rule score from the catalogue's keywords. Labels are
// department ids, or LOCAL_LABEL for 属地管理 matters the caller resolves to a district's unit.
// No Nest or TypeORM here: the model is plain JSON that the routing service stores and versions.
import { normalizeText, textGrams } from './routing-tokens';

/** 属地管理: the government of the district where the matter happened handles it. */
export const LOCAL_LABEL = '@local';

export const ROUTER_ALGORITHM = 'softmax-regression-adagrad';

export interface TrainingExample {
  tokens: string[];
  /** A department id or LOCAL_LABEL. */
  label: string;
  /** An approved return: the text does NOT belong to `label`. */
  negative?: boolean;
  /** Multiplies the example's loss (default 1). */
  weight?: number;
}

export interface CatalogueLeafInput {
  code: string;
  name: string;
  keywords: string[];
  /** A department id or LOCAL_LABEL. */
  label: string;
}

export interface TrainOptions {
  /** Passes over the shuffled examples (default 8). */
  epochs?: number;
  /** AdaGrad base learning rate (default 0.5). */
  learningRate?: number;
  /** L2 penalty applied to the weights an example touches (default 1e-4). */
  l2?: number;
  /** Seed of the per-epoch shuffles: same examples + same options → same model (default 1). */
  seed?: number;
  /** Weights whose absolute value is below this are dropped from the model (default 0.01). */
  pruneBelow?: number;
}

export interface RouterTrainingStats {
  examples: number;
  positives: number;
  negatives: number;
  /** Positive examples per label. */
  labelCounts: Record<string, number>;
  /** Mean loss per example over the last epoch. */
  finalLoss: number;
  /** Share of positive examples whose top label is their own, with the final model. */
  trainingAccuracy: number;
  nonZeroWeights: number;
  prunedWeights: number;
}

/** Plain JSON (stored as jsonb). Weights per feature are [labelIndex, weight, labelIndex, weight, …]. */
export interface RouterModel {
  format: 1;
  algorithm: typeof ROUTER_ALGORITHM;
  labels: string[];
  bias: number[];
  weights: Record<string, number[]>;
  featureCount: number;
  options: Required<TrainOptions>;
  stats: RouterTrainingStats;
}

export interface KeywordEntry {
  keyword: string;
  /** The keyword's grams (routing-tokens textGrams): it matches a text holding all of them. */
  grams: string[];
  /** The leaves (and their labels) that list this keyword or are named by it. */
  targets: { matterCode: string; label: string }[];
  /** Rule weight: longer keywords and keywords of fewer labels weigh more. */
  weight: number;
}

/** Plain JSON, rebuilt from the catalogue. */
export interface KeywordIndex {
  entries: KeywordEntry[];
}

export interface RankOptions {
  /** Labels that must not be suggested (units that already returned the order). */
  exclude?: string[];
  /** How many suggestions to return (default 3). */
  topK?: number;
  /** Logit added per unit of keyword weight (default 1). */
  keywordBoost?: number;
}

export interface Suggestion {
  label: string;
  /** Probability among the labels left after `exclude`, 0..1. */
  score: number;
  reason: {
    source: 'keywords' | 'classifier' | 'both';
    /** The words that decided it, most influential first. */
    words: string[];
    /** Catalogue leaves whose keywords matched. */
    matterCodes?: string[];
  };
}

const DEFAULTS: Required<TrainOptions> = { epochs: 8, learningRate: 0.5, l2: 1e-4, seed: 1, pruneBelow: 0.01 };
const MAX_REASON_WORDS = 6;

// ---------------------------------------------------------------------------------------------
// Catalogue → seed examples and keyword index
// ---------------------------------------------------------------------------------------------

/**
 * Examples from the catalogue so a model exists before any history: per leaf, its name with all
 * its keywords, and each keyword with the leaf name.
 */
export function seedExamples(leaves: CatalogueLeafInput[], tokenize: (text: string) => string[]): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const leaf of leaves) {
    out.push({ tokens: tokenize([leaf.name, ...leaf.keywords].join('，')), label: leaf.label });
    for (const k of leaf.keywords) out.push({ tokens: tokenize(`${k}，${leaf.name}`), label: leaf.label, weight: 0.5 });
  }
  return out.filter((e) => e.tokens.length > 0);
}

/** The catalogue's keywords (and leaf names), each with the labels and leaves it points to. */
export function buildKeywordIndex(leaves: CatalogueLeafInput[]): KeywordIndex {
  const byWord = new Map<string, Map<string, string>>();
  for (const leaf of leaves) {
    for (const raw of [leaf.name, ...leaf.keywords]) {
      const keyword = normalizeText(raw).trim();
      if (!keyword) continue;
      let targets = byWord.get(keyword);
      if (!targets) byWord.set(keyword, (targets = new Map()));
      targets.set(leaf.code, leaf.label);
    }
  }
  const entries: KeywordEntry[] = [];
  for (const [keyword, targets] of byWord) {
    const grams = [...textGrams(keyword)];
    if (grams.length === 0) continue;
    const labelCount = new Set(targets.values()).size;
    entries.push({
      keyword,
      grams,
      targets: [...targets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([matterCode, label]) => ({ matterCode, label })),
      // 2 characters → 1, 4 → 1.5, 6+ → 2; shared by n labels → divided by n.
      weight: round4(Math.min(2, 0.5 + [...keyword].length / 4) / labelCount),
    });
  }
  return { entries };
}

// ---------------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------------

/** Learns a RouterModel from examples; deterministic for the same examples, order and options. */
export function trainRouter(examples: TrainingExample[], opts: TrainOptions = {}): RouterModel {
  const o: Required<TrainOptions> = { ...DEFAULTS, ...stripUndefined(opts) };

  const labelIndex = new Map<string, number>();
  for (const ex of [...examples].map((e) => e.label).sort()) if (!labelIndex.has(ex)) labelIndex.set(ex, labelIndex.size);
  const labels = [...labelIndex.keys()];
  const L = labels.length;

  const featureIndex = new Map<string, number>();
  const rows = examples.map((ex) => {
    const ids: number[] = [];
    for (const t of new Set(ex.tokens)) {
      let id = featureIndex.get(t);
      if (id === undefined) featureIndex.set(t, (id = featureIndex.size));
      ids.push(id);
    }
    return { ids, x: ids.length ? 1 / Math.sqrt(ids.length) : 0, y: labelIndex.get(ex.label)!, neg: !!ex.negative, weight: ex.weight ?? 1 };
  });
  const F = featureIndex.size;

  const w = new Float64Array(F * L);
  const g2 = new Float64Array(F * L);
  const bias = new Float64Array(L);
  const bias2 = new Float64Array(L);
  const z = new Float64Array(L);
  const p = new Float64Array(L);
  const grad = new Float64Array(L);
  const rand = mulberry32(o.seed);
  const order = rows.map((_, i) => i);
  let finalLoss = 0;

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rand);
    let loss = 0;
    for (const r of order) {
      const row = rows[r];
      if (row.weight <= 0) continue;
      logits(row.ids, row.x, w, bias, L, z);
      softmaxInto(z, p);
      if (!row.neg) {
        loss += -Math.log(Math.max(p[row.y], 1e-12)) * row.weight;
        for (let j = 0; j < L; j++) grad[j] = (p[j] - (j === row.y ? 1 : 0)) * row.weight;
      } else {
        // −log(1 − p_k): push the returned unit down, the others up in proportion to their share.
        const pk = Math.min(p[row.y], 1 - 1e-9);
        loss += -Math.log(1 - pk) * row.weight;
        for (let j = 0; j < L; j++) grad[j] = (j === row.y ? pk : (-pk * p[j]) / (1 - pk)) * row.weight;
      }
      for (let j = 0; j < L; j++) {
        const gj = grad[j];
        if (gj > -1e-7 && gj < 1e-7) continue;
        bias2[j] += gj * gj;
        bias[j] -= (o.learningRate * gj) / Math.sqrt(bias2[j] + 1e-8);
        for (const id of row.ids) {
          const k = id * L + j;
          const g = gj * row.x + o.l2 * w[k];
          g2[k] += g * g;
          w[k] -= (o.learningRate * g) / Math.sqrt(g2[k] + 1e-8);
        }
      }
    }
    finalLoss = rows.length ? loss / rows.length : 0;
  }

  // Prune and round, so the stored model is small and what is ranked is exactly what is stored.
  const weights: [string, number[]][] = [];
  let nonZero = 0;
  let pruned = 0;
  for (const [token, id] of featureIndex) {
    const pairs: number[] = [];
    for (let j = 0; j < L; j++) {
      const v = w[id * L + j];
      if (v === 0) continue;
      if (Math.abs(v) < o.pruneBelow) {
        pruned++;
        continue;
      }
      pairs.push(j, round4(v));
    }
    if (pairs.length) {
      weights.push([token, pairs]);
      nonZero += pairs.length / 2;
    }
  }
  const labelCounts: Record<string, number> = {};
  for (const ex of examples) if (!ex.negative) labelCounts[ex.label] = (labelCounts[ex.label] ?? 0) + 1;

  const model: RouterModel = {
    format: 1,
    algorithm: ROUTER_ALGORITHM,
    labels,
    bias: [...bias].map(round4),
    weights: Object.fromEntries(weights),
    featureCount: weights.length,
    options: o,
    stats: {
      examples: examples.length,
      positives: examples.filter((e) => !e.negative).length,
      negatives: examples.filter((e) => e.negative).length,
      labelCounts,
      finalLoss: round4(finalLoss),
      trainingAccuracy: 0,
      nonZeroWeights: nonZero,
      prunedWeights: pruned,
    },
  };
  const positives = examples.filter((e) => !e.negative);
  let hits = 0;
  for (const ex of positives) if (classify(compile(model), ex.tokens).top === labelIndex.get(ex.label)) hits++;
  model.stats.trainingAccuracy = positives.length ? round4(hits / positives.length) : 0;
  return model;
}

// ---------------------------------------------------------------------------------------------
// Ranking
// ---------------------------------------------------------------------------------------------

/**
 * Ranked labels for a text's tokens (routingTokens): the classifier's probabilities, raised by the
 * catalogue keywords the text contains, over the labels not excluded, best first.
 */
export function rankLabels(model: RouterModel, keywordIndex: KeywordIndex, tokens: string[], opts: RankOptions = {}): Suggestion[] {
  const c = compile(model);
  const kw = compileKeywords(keywordIndex);
  const topK = opts.topK ?? 3;
  const boost = opts.keywordBoost ?? 1;
  const exclude = new Set(opts.exclude ?? []);
  const tokenSet = new Set(tokens);

  // Label universe: the model's labels, plus keyword labels the model has never seen.
  const labels = [...c.labels];
  const labelAt = new Map(labels.map((l, i) => [l, i]));
  const matched = matchKeywords(kw, tokenSet);
  for (const m of matched) for (const { label } of m.targets) if (!labelAt.has(label)) labelAt.set(label, labels.push(label) - 1);
  const L = labels.length;
  if (L === 0 || topK <= 0) return [];

  const { z: clfZ, x, feats } = classify(c, tokens);
  const floor = c.L ? Math.min(...c.bias) : 0;
  const zClf = new Float64Array(L);
  for (let j = 0; j < L; j++) zClf[j] = j < c.L ? clfZ[j] : floor;

  const kwScore = new Float64Array(L);
  const kwWords: string[][] = labels.map(() => []);
  const kwLeaves: Set<string>[] = labels.map(() => new Set());
  for (const m of matched) {
    for (const j of new Set(m.targets.map((t) => labelAt.get(t.label)!))) {
      kwScore[j] += m.weight;
      kwWords[j].push(m.keyword);
    }
    for (const t of m.targets) kwLeaves[labelAt.get(t.label)!].add(t.matterCode);
  }

  const allowed = labels.map((l) => !exclude.has(l));
  const zAll = new Float64Array(L);
  for (let j = 0; j < L; j++) zAll[j] = zClf[j] + boost * kwScore[j];
  const pAll = maskedSoftmax(zAll, allowed);
  const pClf = maskedSoftmax(zClf, allowed);

  const order = labels.map((_, j) => j).filter((j) => allowed[j]);
  order.sort((a, b) => pAll[b] - pAll[a] || (labels[a] < labels[b] ? -1 : 1));

  return order.slice(0, topK).map((j) => {
    const hasKw = kwWords[j].length > 0;
    const source: Suggestion['reason']['source'] = !hasKw ? 'classifier' : pClf[j] >= 0.2 ? 'both' : 'keywords';
    const words = reasonWords(c, j, x, feats, pClf, kwWords[j]);
    const reason: Suggestion['reason'] = { source, words };
    if (kwLeaves[j].size) reason.matterCodes = [...kwLeaves[j]].sort();
    return { label: labels[j], score: round4(pAll[j]), reason };
  });
}

/** The words that raise label j the most: matched keywords (longest first), then the tokens whose weight for j most exceeds their expected weight. */
function reasonWords(c: Compiled, j: number, x: number, feats: FeatureWeights[], p: Float64Array, keywords: string[]): string[] {
  const words = [...new Set(keywords)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const scored: { token: string; s: number }[] = [];
  if (j < c.L) {
    for (const f of feats) {
      let own = 0;
      let expected = 0;
      for (let k = 0; k < f.idx.length; k++) {
        if (f.idx[k] === j) own = f.w[k];
        expected += p[f.idx[k]] * f.w[k];
      }
      const s = x * (own - expected);
      if (s > 1e-3) scored.push({ token: f.token, s });
    }
  }
  scored.sort((a, b) => b.s - a.s || (a.token < b.token ? -1 : 1));
  for (const { token } of scored) {
    if (words.length >= MAX_REASON_WORDS) break;
    // A lone character means little to a reader; parts of a word already listed add nothing.
    if (token.length < 2 || words.some((w) => w.includes(token) || token.includes(w))) continue;
    words.push(token);
  }
  return words.slice(0, Math.max(MAX_REASON_WORDS, keywords.length));
}

// ---------------------------------------------------------------------------------------------
// Compiled forms (cached per model / index object; the JSON stays as it was given)
// ---------------------------------------------------------------------------------------------

interface FeatureWeights {
  token: string;
  idx: Int32Array;
  w: Float64Array;
}

interface Compiled {
  labels: string[];
  L: number;
  bias: Float64Array;
  features: Map<string, FeatureWeights>;
}

const compiledModels = new WeakMap<RouterModel, Compiled>();

function compile(model: RouterModel): Compiled {
  let c = compiledModels.get(model);
  if (c) return c;
  if (model.format !== 1 || model.algorithm !== ROUTER_ALGORITHM) throw new Error(`router model: unsupported ${model.algorithm} format ${model.format}`);
  const features = new Map<string, FeatureWeights>();
  for (const token of Object.keys(model.weights)) {
    const pairs = model.weights[token];
    const n = pairs.length >> 1;
    const idx = new Int32Array(n);
    const w = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      idx[k] = pairs[2 * k];
      w[k] = pairs[2 * k + 1];
    }
    features.set(token, { token, idx, w });
  }
  c = { labels: model.labels, L: model.labels.length, bias: Float64Array.from(model.bias), features };
  compiledModels.set(model, c);
  return c;
}

function classify(c: Compiled, tokens: string[]): { z: Float64Array; x: number; feats: FeatureWeights[]; top: number } {
  const unique = new Set(tokens);
  const x = unique.size ? 1 / Math.sqrt(unique.size) : 0;
  const z = Float64Array.from(c.bias);
  const feats: FeatureWeights[] = [];
  for (const t of unique) {
    const f = c.features.get(t);
    if (!f) continue;
    feats.push(f);
    for (let k = 0; k < f.idx.length; k++) z[f.idx[k]] += x * f.w[k];
  }
  let top = -1;
  for (let j = 0; j < c.L; j++) if (top < 0 || z[j] > z[top]) top = j;
  return { z, x, feats, top };
}

interface CompiledKeywords {
  entries: KeywordEntry[];
  /** Longest gram of each entry → entries, to test only keywords a text can contain. */
  byAnchor: Map<string, number[]>;
}

const compiledIndexes = new WeakMap<KeywordIndex, CompiledKeywords>();

function compileKeywords(index: KeywordIndex): CompiledKeywords {
  let c = compiledIndexes.get(index);
  if (c) return c;
  const byAnchor = new Map<string, number[]>();
  index.entries.forEach((e, i) => {
    const anchor = e.grams.reduce((a, b) => (b.length > a.length ? b : a));
    const list = byAnchor.get(anchor);
    if (list) list.push(i);
    else byAnchor.set(anchor, [i]);
  });
  c = { entries: index.entries, byAnchor };
  compiledIndexes.set(index, c);
  return c;
}

function matchKeywords(c: CompiledKeywords, tokens: Set<string>): KeywordEntry[] {
  const hits = new Set<number>();
  for (const t of tokens) {
    const list = c.byAnchor.get(t);
    if (!list) continue;
    for (const i of list) if (c.entries[i].grams.every((g) => tokens.has(g))) hits.add(i);
  }
  const out = [...hits].sort((a, b) => a - b).map((i) => c.entries[i]);
  // A keyword inside a longer matched keyword of the same leaves (路灯 in 路灯不亮) counts once.
  return out.filter(
    (e) => !out.some((o) => o !== e && o.keyword.includes(e.keyword) && e.targets.every((t) => o.targets.some((u) => u.matterCode === t.matterCode))),
  );
}

// ---------------------------------------------------------------------------------------------
// Maths and determinism helpers
// ---------------------------------------------------------------------------------------------

function logits(ids: number[], x: number, w: Float64Array, bias: Float64Array, L: number, z: Float64Array): void {
  for (let j = 0; j < L; j++) z[j] = bias[j];
  for (const id of ids) {
    const base = id * L;
    for (let j = 0; j < L; j++) z[j] += x * w[base + j];
  }
}

function softmaxInto(z: Float64Array, p: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (z[j] > max) max = z[j];
  let sum = 0;
  for (let j = 0; j < z.length; j++) sum += p[j] = Math.exp(z[j] - max);
  for (let j = 0; j < z.length; j++) p[j] /= sum;
}

function maskedSoftmax(z: Float64Array, allowed: boolean[]): Float64Array {
  const p = new Float64Array(z.length);
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (allowed[j] && z[j] > max) max = z[j];
  let sum = 0;
  for (let j = 0; j < z.length; j++) if (allowed[j]) sum += p[j] = Math.exp(z[j] - max);
  if (sum > 0) for (let j = 0; j < z.length; j++) p[j] /= sum;
  return p;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
