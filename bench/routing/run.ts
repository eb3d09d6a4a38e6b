// bench/routing: accuracy and latency of the text router on a generated, labelled corpus.
// node -r ./scripts/register.js bench/routing/run.ts   (knobs: ROUTING_ITEMS, ROUTING_SEED)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  type CatalogueLeafInput,
  LOCAL_LABEL,
  type RouterModel,
  type TrainingExample,
  buildKeywordIndex,
  rankLabels,
  seedExamples,
  trainRouter,
} from '../../libs/core/src/routing/text-router';
import { routingTokens } from '../../libs/core/src/routing/routing-tokens';
import { type RoutingCorpusItem, generateRoutingCorpus, routingLeaves, routingPlaces } from '../../libs/testing/src/routing-corpus';

const ITEMS = Number(process.env.ROUTING_ITEMS ?? 20000);
const SEED = Number(process.env.ROUTING_SEED ?? 20261122);
const NEGATIVE_SHARE = 0.05;

const leaves = routingLeaves();
const places = routingPlaces();
const catalogue: CatalogueLeafInput[] = leaves.map((l) => ({ code: l.code, name: l.name, keywords: l.keywords, label: l.districtUnits ? LOCAL_LABEL : l.departmentCode }));
const labelOfLeaf = new Map(catalogue.map((c) => [c.code, c.label]));
const keywordIndex = buildKeywordIndex(catalogue);
const text = (i: RoutingCorpusItem) => `${i.title}。${i.content}`;

// What the routing service does with @local: the district code, else the first district or street
// office / town named in the text.
const placeNames = places.flatMap((p) => [p.districtName, ...p.streets].map((name) => ({ name, gov: p.governmentCode })));
const govOfDistrict = new Map(places.map((p) => [p.districtCode, p.governmentCode]));
function resolve(label: string, item: RoutingCorpusItem): string | null {
  if (label !== LOCAL_LABEL) return label;
  if (item.districtCode) return govOfDistrict.get(item.districtCode) ?? null;
  const t = text(item);
  let best: { at: number; gov: string } | null = null;
  for (const p of placeNames) {
    const at = t.indexOf(p.name);
    if (at >= 0 && (!best || at < best.at)) best = { at, gov: p.gov };
  }
  return best?.gov ?? null;
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

/** History as the service would record it: accepted dispatches, plus approved returns of misrouted orders. */
function history(train: RoutingCorpusItem[], rand: () => number): TrainingExample[] {
  const labels = [...new Set(catalogue.map((c) => c.label))];
  const out: TrainingExample[] = [];
  for (const item of train) {
    const tokens = routingTokens(text(item));
    const label = labelOfLeaf.get(item.matterCode)!;
    if (rand() < NEGATIVE_SHARE) {
      // Misrouted first to a unit sharing one of the leaf's keywords (else any other), returned, then re-dispatched.
      const leaf = leaves.find((l) => l.code === item.matterCode)!;
      const confusable = catalogue.filter((c) => c.label !== label && c.keywords.some((k) => leaf.keywords.includes(k))).map((c) => c.label);
      const pool = confusable.length ? confusable : labels.filter((l) => l !== label);
      out.push({ tokens, label: pool[Math.floor(rand() * pool.length)], negative: true });
    }
    out.push({ tokens, label });
  }
  return out;
}

interface Eval {
  items: number;
  top1: number;
  top3: number;
  unresolvedLocal: number;
  confusions: Map<string, { count: number; matters: Map<string, number> }>;
  scored: { score: number; correct: boolean }[];
  latenciesMs: number[];
  cpuMs: number[];
}

function evaluate(model: RouterModel, items: RoutingCorpusItem[], keywordBoost: number, timed: boolean): Eval {
  const e: Eval = { items: items.length, top1: 0, top3: 0, unresolvedLocal: 0, confusions: new Map(), scored: [], latenciesMs: [], cpuMs: [] };
  for (const item of items) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const suggestions = rankLabels(model, keywordIndex, routingTokens(text(item)), { topK: 3, keywordBoost });
    const t1 = process.hrtime.bigint();
    const c1 = process.cpuUsage(c0);
    if (timed) {
      e.latenciesMs.push(Number(t1 - t0) / 1e6);
      e.cpuMs.push((c1.user + c1.system) / 1000);
    }
    const units = suggestions.map((s) => resolve(s.label, item));
    if (suggestions[0]?.label === LOCAL_LABEL && !units[0]) e.unresolvedLocal++;
    const correct = units[0] === item.expectedDepartmentCode;
    if (correct) e.top1++;
    if (units.includes(item.expectedDepartmentCode)) e.top3++;
    e.scored.push({ score: suggestions[0]?.score ?? 0, correct });
    if (!correct) {
      const key = `${item.expectedDepartmentCode} → ${units[0] ?? `${suggestions[0]?.label ?? 'none'} (unresolved)`}`;
      let c = e.confusions.get(key);
      if (!c) e.confusions.set(key, (c = { count: 0, matters: new Map() }));
      c.count++;
      c.matters.set(item.matterCode, (c.matters.get(item.matterCode) ?? 0) + 1);
    }
  }
  return e;
}

const pct = (n: number, d: number) => (d ? Math.round((10000 * n) / d) / 100 : 0);
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (v: number) => Math.round(v * 1000) / 1000;

function summary(e: Eval) {
  return { items: e.items, top1: pct(e.top1, e.items), top3: pct(e.top3, e.items), unresolvedLocal: e.unresolvedLocal };
}

function calibration(e: Eval) {
  return [0.5, 0.75, 0.9].map((t) => {
    const above = e.scored.filter((s) => s.score >= t);
    return { threshold: t, coverage: pct(above.length, e.scored.length), precision: pct(above.filter((s) => s.correct).length, above.length) };
  });
}

function topConfusions(e: Eval, n = 10) {
  return [...e.confusions]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([pair, c]) => ({ pair, count: c.count, matters: Object.fromEntries([...c.matters].sort((a, b) => b[1] - a[1])) }));
}

function main(): void {
  const started = Date.now();
  const corpus = generateRoutingCorpus({ size: ITEMS, seed: SEED });
  const rand = mulberry32(SEED);
  const inTrain = corpus.map(() => rand() < 0.8);
  const train = corpus.filter((_, i) => inTrain[i]);
  // Held-out texts must not be copies of training texts.
  const seen = new Set(train.map(text));
  const heldOutAll = corpus.filter((_, i) => !inTrain[i]);
  const heldOut = heldOutAll.filter((i) => !seen.has(text(i)));

  const seeds = seedExamples(catalogue, routingTokens);
  const examples = [...seeds, ...history(train, rand)];
  let t = Date.now();
  const model = trainRouter(examples);
  const trainMs = Date.now() - t;
  const modelJson = JSON.stringify(model);
  const stored: RouterModel = JSON.parse(modelJson) as RouterModel;

  // Warm up (JIT, the compiled model cache, jieba), then time every held-out suggestion.
  for (const item of heldOut.slice(0, 1000)) rankLabels(stored, keywordIndex, routingTokens(text(item)), { topK: 3 });
  const main = evaluate(stored, heldOut, 1, true);
  const classifierOnly = evaluate(stored, heldOut, 0, false);
  const seedOnly = evaluate(trainRouter(seeds), heldOut, 1, false);

  // Unseen phrasing families: train on families 0–5, test on 6–7 (texts built differently).
  const famTrain = train.filter((i) => i.phrasing < 6);
  const famTest = heldOut.filter((i) => i.phrasing >= 6);
  t = Date.now();
  const famModel = trainRouter([...seeds, ...history(famTrain, mulberry32(SEED + 1))]);
  const famMs = Date.now() - t;
  const unseenPhrasing = evaluate(famModel, famTest, 1, false);

  // Unseen scenes: train without each leaf's last scene, test on held-out items describing it,
  // i.e. descriptions of a matter the router has never seen worded that way.
  const lastScene = 4;
  const sceneTrain = train.filter((i) => i.scene !== lastScene);
  const sceneTest = heldOut.filter((i) => i.scene === lastScene);
  const sceneModel = trainRouter([...seeds, ...history(sceneTrain, mulberry32(SEED + 2))]);
  const unseenScene = evaluate(sceneModel, sceneTest, 1, false);
  const unseenSceneClassifierOnly = evaluate(sceneModel, sceneTest, 0, false);

  const withTypos = heldOut.filter((i) => i.typos > 0);
  const typoEval = evaluate(stored, withTypos, 1, false);
  const noDistrict = evaluate(
    stored,
    heldOut.filter((i) => i.districtCode === null),
    1,
    false,
  );

  const vague = ['我要反映个问题', '你好，我想咨询一下', '喂，有人吗，我这边有点事', '市民来电反映情况，希望尽快处理', '我想投诉'];
  const vagueScores = vague.map((v) => ({ text: v, top: rankLabels(stored, keywordIndex, routingTokens(v), { topK: 1 })[0] }));

  const lat = [...main.latenciesMs].sort((a, b) => a - b);
  const cpu = [...main.cpuMs].sort((a, b) => a - b);
  const result = {
    date: new Date().toISOString().slice(0, 10),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    corpus: { items: ITEMS, seed: SEED, train: train.length, heldOut: heldOut.length, heldOutDroppedAsCopies: heldOutAll.length - heldOut.length, leaves: leaves.length, labels: model.labels.length, heldOutWithTypos: withTypos.length },
    training: {
      examples: examples.length,
      seedExamples: seeds.length,
      negatives: model.stats.negatives,
      ms: trainMs,
      features: model.featureCount,
      nonZeroWeights: model.stats.nonZeroWeights,
      modelJsonBytes: Buffer.byteLength(modelJson),
      trainingAccuracy: model.stats.trainingAccuracy,
      finalLoss: model.stats.finalLoss,
    },
    heldOut: summary(main),
    heldOutClassifierOnly: summary(classifierOnly),
    heldOutCatalogueSeedOnly: summary(seedOnly),
    heldOutWithTypos: summary(typoEval),
    heldOutWithoutDistrictCode: summary(noDistrict),
    unseenPhrasing: { ...summary(unseenPhrasing), trainItems: famTrain.length, trainMs: famMs },
    unseenScene: { ...summary(unseenScene), trainItems: sceneTrain.length, calibration: calibration(unseenScene) },
    unseenSceneClassifierOnly: summary(unseenSceneClassifierOnly),
    calibration: calibration(main),
    vague: vagueScores.map((v) => ({ text: v.text, label: v.top?.label, score: v.top?.score })),
    loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
    cpuMsPerSuggestion: { p50: ms(quantile(cpu, 0.5)), p99: ms(quantile(cpu, 0.99)) },
    latencyMs: { count: lat.length, p50: ms(quantile(lat, 0.5)), p90: ms(quantile(lat, 0.9)), p99: ms(quantile(lat, 0.99)), max: ms(lat[lat.length - 1]) },
    confusions: topConfusions(main),
    unseenPhrasingConfusions: topConfusions(unseenPhrasing, 5),
    unseenSceneConfusions: topConfusions(unseenScene),
    elapsedMs: Date.now() - started,
  };

  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `routing-${result.date}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  const line = (k: string, v: string) => console.log(`${k.padEnd(34)} ${v}`);
  line('corpus', `${ITEMS} items, ${leaves.length} leaves → ${model.labels.length} labels; train ${train.length}, held-out ${heldOut.length} (${result.corpus.heldOutDroppedAsCopies} copies dropped)`);
  line('training', `${examples.length} examples (${seeds.length} seed, ${model.stats.negatives} negative), ${trainMs} ms, ${model.featureCount} features, ${(result.training.modelJsonBytes / 1024).toFixed(0)} KiB JSON`);
  line('held-out top-1 / top-3', `${result.heldOut.top1} % / ${result.heldOut.top3} %   (target top-1 ≥ 95 %)`);
  line('  classifier only (no keywords)', `${result.heldOutClassifierOnly.top1} % / ${result.heldOutClassifierOnly.top3} %`);
  line('  catalogue seed only (no history)', `${result.heldOutCatalogueSeedOnly.top1} % / ${result.heldOutCatalogueSeedOnly.top3} %`);
  line('  items with typos', `${result.heldOutWithTypos.top1} % / ${result.heldOutWithTypos.top3} % of ${withTypos.length}`);
  line('  items without districtCode', `${result.heldOutWithoutDistrictCode.top1} % / ${result.heldOutWithoutDistrictCode.top3} % of ${noDistrict.items}`);
  line('  unseen phrasing families 6–7', `${result.unseenPhrasing.top1} % / ${result.unseenPhrasing.top3} % of ${famTest.length}`);
  line('  unseen scenes (5th of each leaf)', `${result.unseenScene.top1} % / ${result.unseenScene.top3} % of ${sceneTest.length} (classifier only ${result.unseenSceneClassifierOnly.top1} %)`);
  for (const c of result.unseenScene.calibration) line(`    unseen scenes, top score ≥ ${c.threshold}`, `${c.coverage} % of items, ${c.precision} % correct`);
  for (const c of result.calibration) line(`  top score ≥ ${c.threshold}`, `${c.coverage} % of items, ${c.precision} % correct`);
  line('vague texts (top score)', result.vague.map((v) => `${v.text}: ${v.score}`).join('; '));
  line('suggestion latency (tokenize+rank)', `p50 ${result.latencyMs.p50} ms, p90 ${result.latencyMs.p90} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms   (target p99 ≤ 5 ms)`);
  line('  CPU time per suggestion', `p50 ${result.cpuMsPerSuggestion.p50} ms, p99 ${result.cpuMsPerSuggestion.p99} ms; load average ${result.loadAverage.join(' ')}`);
  console.log('top confusions (expected → predicted unit):');
  for (const c of result.confusions) console.log(`  ${String(c.count).padStart(4)}  ${c.pair}  ${JSON.stringify(c.matters)}`);
  console.log('unseen scenes, top confusions:');
  for (const c of result.unseenSceneConfusions) console.log(`  ${String(c.count).padStart(4)}  ${c.pair}  ${JSON.stringify(c.matters)}`);
  console.log(`written ${file}`);
}

main();
