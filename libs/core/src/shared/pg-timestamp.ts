// PostgreSQL's text form of a timestamptz, read without building a Date where none is needed.
//
// The list query takes its timestamps as text (pg's per-query type parser, see PG_TEXT_TIMESTAMPS):
// a page of 50 orders has ~250 of them, and parsing each into a Date only to print it again as ISO
// was a tenth of the list's CPU time. The text also keeps PostgreSQL's microseconds, which a Date
// loses: the list cursor carries it unchanged, so keyset pagination never skips an order whose
// created_at shares a millisecond with the last one of the page.
import { types } from 'pg';

const TIMESTAMPTZ_OID = 1184;
const pgParse = types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | string;

/** pg type parsers with timestamptz left as PostgreSQL's text; every other type as pg parses it. */
export const PG_TEXT_TIMESTAMPS = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ_OID ? (text: string) => text : (types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format ?? 'text'),
};

/** 'YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]', as PostgreSQL prints a timestamptz (DateStyle ISO). */
const PG_TIMESTAMPTZ = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/;

/** The number written by `len` ASCII digits of text at i, or -1 if one of them is not a digit (or past the end). */
function digits(text: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const c = text.charCodeAt(k) - 48; // NaN past the end
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The instant of a PG_TIMESTAMPTZ text read by position, without a regular expression (a page of 50
 * running orders reads 200 of them for the deadline light, and the regex with its 11 captures was
 * most of that), in milliseconds; NaN for any other text, which the caller hands to the regex path.
 * No array of the fields is built: at 250 timestamps a page those were a fifteenth of its allocation.
 */
function instantMs(text: string): number {
  const n = text.length;
  if (
    n < 22 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return NaN;
  }
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const sec = digits(text, 17, 2);
  if (y < 100 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return NaN;
  let p = 19;
  let msec = 0;
  if (text.charCodeAt(p) === 46) {
    let k = p + 1;
    while (k < n && k <= p + 6 && digits(text, k, 1) >= 0) k++;
    const frac = k - p - 1;
    if (frac === 0) return NaN;
    msec = frac >= 3 ? digits(text, p + 1, 3) : digits(text, p + 1, frac) * (frac === 1 ? 100 : 10);
    p = k;
  }
  const sign = text.charCodeAt(p);
  if (sign !== 43 && sign !== 45) return NaN;
  let offset = digits(text, p + 1, 2) * 3600;
  if (offset < 0) return NaN;
  p += 3;
  // Minutes, then seconds of the offset, each ':NN' if present.
  for (let unit = 60; p < n; unit = unit === 60 ? 1 : 0) {
    const v = unit > 0 && text.charCodeAt(p) === 58 ? digits(text, p + 1, 2) : -1;
    if (v < 0) return NaN;
    offset += v * unit;
    p += 3;
  }
  if (p !== n) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec, msec) - (sign === 43 ? offset : -offset) * 1000;
}

/** The instant of a timestamptz text, in milliseconds (sub-millisecond digits dropped, as a Date does). */
export function pgTimestampMs(text: string): number {
  const ms = instantMs(text);
  if (!Number.isNaN(ms)) return ms;
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m || m[1] < '0100') {
    // BC dates, 'infinity', years past 9999 or before 100 (Date.UTC reads 0–99 as 1900–1999): pg's own parser.
    const v = pgParse(text);
    return v instanceof Date ? v.getTime() : Number(v);
  }
  const frac = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), frac);
  const offsetS = Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0);
  return utc - (m[8] === '+' ? 1 : -1) * offsetS * 1000;
}

/** Where the digits of 'YYYY-MM-DD HH:MM:SS' are; the other positions hold its separators. */
const DATE_TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/**
 * Whether text is a timestamptz as PostgreSQL prints it in a UTC session ('YYYY-MM-DD HH:MM:SS[.f]+00',
 * one to six fraction digits, year 0100 or later), checked by position only: its ISO form is then the
 * same characters rearranged, and no instant needs computing (the list prints 200 of them a page).
 */
function isUtcText(text: string, n: number): boolean {
  if (n < 22 || n > 29 || n === 23 || !text.endsWith('+00')) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return false;
  }
  for (const i of DATE_TIME_DIGITS) if (digits(text, i, 1) < 0) return false;
  if (text.charCodeAt(0) === 48 && text.charCodeAt(1) === 48) return false; // years 0–99: Date.UTC would read 1900–1999
  return n === 22 || (text.charCodeAt(19) === 46 && digits(text, 20, n - 23) >= 0);
}

/** The same instant as Date.toISOString() prints it ('2026-12-03T06:39:45.884Z'). */
export function pgTimestampIso(text: string): string {
  // The common case, a session in UTC (readInScope sets it): rearrange the text itself.
  const n = text.length;
  if (isUtcText(text, n)) {
    // Three or more fraction digits (PostgreSQL's usual six): 'HH:MM:SS.mmm' is one run of the text.
    if (n >= 26) return `${text.slice(0, 10)}T${text.slice(11, 23)}Z`;
    const frac = n > 22 ? text.slice(20, n - 3) : '';
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${frac.padEnd(3, '0')}Z`;
  }
  return new Date(pgTimestampMs(text)).toISOString();
}

export const pgTimestampMsOrNull = (text: string | null): number | null => (text === null ? null : pgTimestampMs(text));
export const pgTimestampIsoOrNull = (text: string | null): string | null => (text === null ? null : pgTimestampIso(text));
