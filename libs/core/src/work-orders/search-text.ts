import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

// Chinese has no spaces between words: segment with jieba (search mode also emits the shorter
// words inside long ones) and store the segments in a 'simple' tsvector.
let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const TOKEN = /[\p{L}\p{N}]/u;

export function segments(text: string): string[] {
  const out = new Set<string>();
  for (const w of segmenter().cutForSearch(text, true)) {
    const t = w.trim().toLowerCase();
    if (t && TOKEN.test(t)) out.add(t);
  }
  return [...out];
}

/** Text for to_tsvector('simple', …). */
export function searchDocument(...parts: (string | null | undefined)[]): string {
  return segments(parts.filter(Boolean).join(' ')).join(' ');
}
