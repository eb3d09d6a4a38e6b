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

/** The instant of a timestamptz text, in milliseconds (sub-millisecond digits dropped, as a Date does). */
export function pgTimestampMs(text: string): number {
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m || m[1] < '0100') {
    // BC dates, 'infinity', years past 9999 or before 100 (Date.UTC reads 0–99 as 1900–1999): pg's own parser.
    const v = pgParse(text);
    return v instanceof Date ? v.getTime() : Number(v);
  }
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  const offsetS = Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0);
  return utc - (m[8] === '+' ? 1 : -1) * offsetS * 1000;
}

/** The same instant as Date.toISOString() prints it ('2026-12-03T06:39:45.884Z'). */
export function pgTimestampIso(text: string): string {
  // The common case, a session in UTC: rearrange the text itself.
  const n = text.length;
  if (n >= 22 && n <= 29 && text.charCodeAt(10) === 32 && text.endsWith('+00') && PG_TIMESTAMPTZ.test(text)) {
    const frac = n > 22 ? text.slice(20, n - 3) : '';
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${frac.padEnd(3, '0').slice(0, 3)}Z`;
  }
  return new Date(pgTimestampMs(text)).toISOString();
}

export const pgTimestampDate = (text: string | null): Date | null => (text === null ? null : new Date(pgTimestampMs(text)));
export const pgTimestampIsoOrNull = (text: string | null): string | null => (text === null ? null : pgTimestampIso(text));
