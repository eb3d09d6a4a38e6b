// Pure routing rules (智能派单): which district a text is about, how the router's labels become
// units, and whether the centre's mode lets the worker dispatch by itself. No I/O.

/** The router's label for 属地管理: the government of the district where it happened handles it. */
export const LOCAL = '@local';

export interface DistrictEntry {
  districtCode: string;
  /** The district government: the unit 属地 matters go to. */
  governmentId: string;
  /** Names a citizen may use: 临河区, 临河, and the street offices and towns below it. */
  names: string[];
}

/** The district names a caller uses for a unit: the full name and its short forms. */
export function namesOf(nameZh: string, kind: 'district' | 'street'): string[] {
  const names = new Set<string>();
  const base = nameZh.replace(/(人民政府|办事处)$/, '');
  if (kind === 'district') {
    names.add(base); // 临河区, 乌拉特前旗
    const short = base.replace(/(区|县)$/, '');
    if (short.length >= 2 && short !== base) names.add(short); // 临河, 五原, 磴口
    if (base.startsWith('乌拉特') && base.length === 5) names.add(base.slice(3)); // 前旗 / 中旗 / 后旗
    if (base === '杭锦后旗') names.add('杭后');
  } else {
    // 临河区车站街道 → 车站街道; 五原县隆兴昌镇 → 隆兴昌镇, 隆兴昌. A two-character bare name (车站)
    // is too common a word (火车站) to stand for a place.
    const local = base.replace(/^.+?(区|县|旗)/, '');
    if (local.length >= 2) names.add(local);
    const bare = local.replace(/(街道|镇|苏木|乡)$/, '');
    if (bare.length >= 3 && bare !== local) names.add(bare);
  }
  return [...names];
}

/**
 * The district a text is about, from the first place name it mentions (longest name first at a
 * position, so 乌拉特前旗 beats 前旗). Null when no name occurs.
 */
export function detectDistrict(text: string, directory: readonly DistrictEntry[]): string | null {
  let best: { at: number; len: number; code: string } | null = null;
  for (const d of directory) {
    for (const name of d.names) {
      const at = text.indexOf(name);
      if (at < 0) continue;
      if (!best || at < best.at || (at === best.at && name.length > best.len)) best = { at, len: name.length, code: d.districtCode };
    }
  }
  return best?.code ?? null;
}

export interface RankedLabel {
  label: string;
  score: number;
  reason: { source: string; words: string[]; matterCodes?: string[] };
}

export interface UnitSuggestion {
  /** Null when the label is 属地 and the district is not known. */
  departmentId: string | null;
  label: string;
  score: number;
  reason: RankedLabel['reason'] & { districtCode?: string };
}

/** Router labels → units: 属地 becomes the district's government when the district is known. */
export function resolveLabels(ranked: readonly RankedLabel[], districtCode: string | null, directory: readonly DistrictEntry[]): UnitSuggestion[] {
  const government = districtCode ? directory.find((d) => d.districtCode === districtCode)?.governmentId : undefined;
  return ranked.map((r) => {
    if (r.label !== LOCAL) return { departmentId: r.label, label: r.label, score: r.score, reason: r.reason };
    return { departmentId: government ?? null, label: r.label, score: r.score, reason: districtCode ? { ...r.reason, districtCode } : r.reason };
  });
}

export type RoutingMode = 'auto' | 'suggest';

export type RoutingDecision =
  | { action: 'dispatch'; departmentId: string; score: number }
  | { action: 'manual'; reason: string };

/** auto: dispatch when the top unit is known and scores at least the threshold; suggest: always a person. */
export function decide(mode: RoutingMode, threshold: number, suggestions: readonly UnitSuggestion[]): RoutingDecision {
  const top = suggestions[0];
  if (!top) return { action: 'manual', reason: 'the router has no suggestion for this text' };
  if (mode === 'suggest') return { action: 'manual', reason: 'the centre routes in suggest mode: a dispatcher decides' };
  if (top.score < threshold) return { action: 'manual', reason: `top score ${top.score.toFixed(2)} is under the threshold ${threshold}` };
  if (!top.departmentId) return { action: 'manual', reason: '属地 matter but the district is not known' };
  return { action: 'dispatch', departmentId: top.departmentId, score: top.score };
}
