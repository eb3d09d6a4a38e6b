import { inlineParameters, quoteLiteral, sqlLiteral } from './sql-literals';

describe('sql literals (a statement inlined for a one-round-trip read)', () => {
  it('quotes strings so that quotes and backslashes stay text', () => {
    expect(quoteLiteral(`it's`)).toBe(`'it''s'`);
    expect(quoteLiteral(`a\\b'`)).toBe(`E'a\\\\b'''`);
    expect(() => quoteLiteral('a\u0000b')).toThrow(/NUL/);
  });

  it('writes each kind of value as the text a parameter would carry', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(51)).toBe(`'51'`);
    expect(sqlLiteral(-1.5)).toBe(`'-1.5'`);
    expect(sqlLiteral(true)).toBe(`'true'`);
    expect(sqlLiteral(new Date('2026-01-28T16:00:00.123Z'))).toBe(`'2026-01-28T16:00:00.123Z'`);
    expect(sqlLiteral(['a', 'b"c', 'd\\e', null])).toBe(`E'{"a","b\\\\"c","d\\\\\\\\e",NULL}'`);
    expect(sqlLiteral(['x', 'y'])).toBe(`'{"x","y"}'`);
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
    expect(() => sqlLiteral(new Date('nope'))).toThrow(/invalid Date/);
    expect(() => sqlLiteral({} as never)).toThrow(/cannot be written/);
  });

  it('replaces placeholders outside quotes only, $10 not read as $1', () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    expect(inlineParameters(`SELECT $1, $10, '$1', "a$1" FROM t WHERE x = $2::uuid[] AND y LIKE 'it''s $3'`, values)).toBe(
      `SELECT 'v1', 'v10', '$1', "a$1" FROM t WHERE x = 'v2'::uuid[] AND y LIKE 'it''s $3'`,
    );
  });

  it('refuses what it cannot read safely: a missing value, dollar quoting, comments, E literals, an open quote', () => {
    expect(() => inlineParameters('SELECT $2', ['a'])).toThrow(/\$2 has no value/);
    expect(() => inlineParameters('SELECT $0', ['a'])).toThrow(/no value/);
    expect(() => inlineParameters('SELECT $$x$$', [])).toThrow(/dollar/);
    expect(() => inlineParameters('SELECT 1 -- $1', ['a'])).toThrow(/comment/);
    expect(() => inlineParameters('SELECT /* $1 */ 1', ['a'])).toThrow(/comment/);
    expect(() => inlineParameters(`SELECT E'\\' $1'`, ['a'])).toThrow(/E''/);
    expect(() => inlineParameters(`SELECT 'open $1`, ['a'])).toThrow(/unterminated/);
  });
});
