// Features of a citizen's text for the router: jieba words (the segmenter that search already
// loads, so the dictionary is in memory once) plus the characters and character bigrams of every
// run of Chinese characters, so a typo (燥音 for 噪音) or a word jieba splits differently still
// shares most features with the text it should match.
import { segments } from '../work-orders/search-text';

/** Function words and hotline boilerplate (市民来电反映…希望尽快处理) that say nothing about who handles a matter. */
const STOP_WORDS = new Set([
  // function words
  '的', '了', '是', '在', '有', '和', '与', '及', '或', '就', '都', '也', '还', '又', '很', '太', '更', '最',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '她们', '咱们', '自己', '大家', '人家',
  '这', '那', '这个', '那个', '这里', '那里', '这边', '那边', '这些', '那些', '这样', '那样', '怎么', '什么',
  '吗', '呢', '啊', '吧', '呀', '哦', '嗯', '哈', '啦', '嘛', '么', '着', '过', '把', '被', '让', '给',
  '对', '从', '到', '向', '跟', '为', '以', '于', '而', '但', '但是', '因为', '所以', '如果', '可是', '而且',
  '一个', '一下', '一直', '已经', '现在', '目前', '然后', '还是', '就是', '不是', '没有', '可以', '能', '会',
  '要', '想', '说', '去', '来', '看', '个', '些', '点', '次', '上', '下', '里', '中', '等', '之', '其',
  // hotline boilerplate
  '市民', '来电', '反映', '反应', '诉求', '问题', '情况', '事情', '希望', '相关', '部门', '相关部门', '尽快',
  '处理', '解决', '协调', '核实', '调查', '落实', '请求', '要求', '请', '帮忙', '帮助', '麻烦', '您好', '你好',
  '谢谢', '感谢', '咨询', '投诉', '举报', '建议', '求助', '热线', '12345', '工单', '来电人', '该', '此', '称',
]);

const HAN_RUN = /[\p{Script=Han}]+/gu;
const HAN = /\p{Script=Han}/u;
const NON_HAN_WORD = /[\p{L}\p{N}]+/gu;
const WORD = /^[\p{L}\p{N}]+$/u;
const ONLY_DIGITS = /^\p{N}+$/u;
// Boilerplate phrases are cut out of the text before grams are taken, longest first, so 市民来电反映
// yields no 民来 / 电反 bigrams; single stop characters split a run (小区的路灯 → 小区 | 路灯).
const STOP_PHRASES = new RegExp(
  [...STOP_WORDS]
    .filter((w) => w.length > 1 && HAN.test(w))
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'gu',
);

function allStop(word: string): boolean {
  if (STOP_WORDS.has(word)) return true;
  for (const ch of word) if (!STOP_WORDS.has(ch)) return false;
  return true;
}

/** NFKC (full-width → half-width, compatibility forms) and lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Characters and bigrams of the runs of Chinese characters in `normalized` (already normalised
 * text), with stop phrases removed and runs split at stop characters; plus its non-Chinese words.
 * The keyword index matches a keyword when all of the keyword's grams are among a text's tokens.
 */
export function textGrams(normalized: string, out: Set<string> = new Set()): Set<string> {
  const text = normalized.replace(STOP_PHRASES, ' ');
  for (const match of text.matchAll(HAN_RUN)) {
    const run = match[0];
    let prev = '';
    for (const ch of run) {
      if (STOP_WORDS.has(ch)) {
        prev = '';
        continue;
      }
      out.add(ch);
      if (prev) out.add(prev + ch);
      prev = ch;
    }
  }
  for (const match of text.replace(HAN_RUN, ' ').matchAll(NON_HAN_WORD)) {
    if (!ONLY_DIGITS.test(match[0])) out.add(match[0]);
  }
  return out;
}

/**
 * The router's features for a text: distinct, normalised tokens (jieba words first, then the
 * characters and bigrams of textGrams not already present). Stop words, punctuation and bare
 * numbers are dropped.
 */
export function routingTokens(text: string): string[] {
  const normalized = normalizeText(text);
  const out = new Set<string>();
  for (const w of segments(normalized)) {
    if (!WORD.test(w) || ONLY_DIGITS.test(w) || allStop(w)) continue;
    // A single Chinese character jieba could not attach is covered by textGrams.
    if (w.length === 1 && HAN.test(w)) continue;
    out.add(w);
  }
  textGrams(normalized, out);
  return [...out];
}
