// A parameterised statement turned into one with its parameters written as SQL literals, so it can
// travel in a multi-statement simple query together with BEGIN, the scope and COMMIT (one round trip
// instead of three: see readInScope). Pure; the only statements it is given are the repository's own.
//
// Each value becomes a quoted literal of the same text the extended protocol would have sent as the
// parameter, so PostgreSQL resolves its type the same way (an unknown-typed literal, like an
// untyped parameter, takes the type its context needs; casts in the text stay as they are).
import { InvalidInput } from './errors';

/** The values a statement may take: what the list and search filters pass. */
export type SqlValue = string | number | boolean | Date | null | readonly (string | number | null)[];

/** A string as a standard-conforming SQL literal ('' for a quote; E'' form when it holds a backslash). */
export function quoteLiteral(text: string): string {
  // A NUL cannot be sent at all (the simple query is a C string): refused, as PostgreSQL refuses it
  // in a parameter.
  if (text.includes('\u0000')) throw new InvalidInput('text must not contain a NUL character');
  const body = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** An array as PostgreSQL's array input text ({"a","b",NULL}), each element double-quoted. */
function arrayText(items: readonly (string | number | null)[]): string {
  return `{${items
    .map((v) => {
      if (v === null) return 'NULL';
      if (typeof v === 'number') return numberText(v);
      return `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    })
    .join(',')}}`;
}

function numberText(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`a statement parameter is not a finite number: ${v}`);
  return String(v);
}

/** One value as a SQL literal. */
export function sqlLiteral(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return `'${numberText(v)}'`;
  if (typeof v === 'boolean') return v ? "'true'" : "'false'";
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Error('a statement parameter is an invalid Date');
    return `'${v.toISOString()}'`;
  }
  if (Array.isArray(v)) return quoteLiteral(arrayText(v));
  if (typeof v === 'string') return quoteLiteral(v);
  throw new Error(`a statement parameter of type ${typeof v} cannot be written as a literal`);
}

/** Where a run of plain statement text ends: a quote or a dollar sign. */
const SPECIAL = /['"$]/g;

/**
 * The statement with $1…$n replaced by the literals of values. Placeholders are found outside quoted
 * literals and quoted identifiers only; a statement with dollar quoting, E'' literals or comments is
 * refused (the repository's statements have none), as is a placeholder without a value.
 */
export function inlineParameters(text: string, values: readonly SqlValue[]): string {
  if (/\$\$|--|\/\*/.test(text)) throw new Error('inlineParameters: the statement holds dollar quoting or a comment');
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      // An escape-string literal (E'…', where \' is a quote) is not one the repository writes.
      if (c === "'" && /[eE]/.test(text[i - 1] ?? '')) throw new Error("inlineParameters: the statement holds an E'' literal");
      // Copy a quoted literal or identifier whole (a doubled quote stays inside it).
      let j = i + 1;
      for (;;) {
        const k = text.indexOf(c, j);
        if (k < 0) throw new Error('inlineParameters: unterminated quote in the statement');
        if (text[k + 1] === c) j = k + 2;
        else {
          j = k + 1;
          break;
        }
      }
      out += text.slice(i, j);
      i = j;
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j])) j++;
      const n = Number(text.slice(i + 1, j));
      if (n < 1 || n > values.length) throw new Error(`inlineParameters: $${n} has no value (${values.length} given)`);
      out += sqlLiteral(values[n - 1]);
      i = j;
    } else {
      // Copy the run up to the next quote or placeholder whole (a character at a time, the list's
      // 700-character statement was built of 700 one-character pieces on every request).
      SPECIAL.lastIndex = i + 1;
      const k = SPECIAL.exec(text)?.index ?? text.length;
      out += text.slice(i, k);
      i = k;
    }
  }
  return out;
}
