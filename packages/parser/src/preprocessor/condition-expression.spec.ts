import { preprocess, PreprocessResult } from './index';

function run(text: string): PreprocessResult {
  return preprocess('/c.idl', text, { host: { readFile: () => undefined }, predefined: {} });
}

/** Whether `#if expr` selects its group (after `defs`). */
function holds(expr: string, defs = ''): boolean {
  const r = run(`${defs}\n#if ${expr}\nyes\n#endif\n`);
  expect(r.diagnostics).toEqual([]);
  return r.text.includes('yes');
}

/** The diagnostics of `#if expr` as `line:col code`, and whether the group was taken. */
function problems(expr: string): { taken: boolean; diags: string[] } {
  const r = run(`#if ${expr}\nyes\n#endif\n`);
  return { taken: r.text.includes('yes'), diags: r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`) };
}

describe('#if arithmetic', () => {
  it.each([
    ['1 + 2 * 3 == 7'],
    ['(1 + 2) * 3 == 9'],
    ['10 / 3 == 3 && 10 % 3 == 1'],
    ['-7 / 2 == -3 && -7 % 2 == -1'],
    ['1 - 2 - 3 == -4'],
    ['2 * 3 % 4 == 2'],
    ['~0 == -1'],
    ['!0 == 1 && !5 == 0'],
    ['-(-3) == +3'],
    ['(6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5'],
    ['1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3 && 1 != 2'],
    ['1 << 4 == 16 && 256 >> 4 == 16'],
    ['-16 >> 2 == -4'],
    ['1 << 63 < 0'],
    ['1 << 64 == 0 && 1 << 100 == 0'],
    ['-1 >> 64 == -1 && 1 >> 64 == 0'],
    ['4 << -1 == 2 && 4 >> -1 == 8'],
    ['(1 ? 2 : 3) == 2 && (0 ? 2 : 3) == 3'],
    ['(0 ? 1 : 0 ? 2 : 3) == 3'],
    ['(1, 2) == 2'],
    ['0x10 == 16 && 0X1f == 31 && 010 == 8 && 0 == 00 && 0b101 == 5'],
    ['10u == 10 && 10UL == 10 && 10ll == 10 && 10LLU == 10 && 10lu == 10'],
    ["'a' == 97 && '\\n' == 10 && '\\x41' == 65 && '\\101' == 65 && '\\0' == 0 && '\\\\' == 92 && '\\'' == 39"],
    ["L'A' == 65 && '\\xff' < 0 && 'ab' == 24930"],
    ['9223372036854775807 > 0'],
    ['0x7fffffffffffffff + 1 < 0'],
  ])('%s', (expr) => {
    expect(holds(expr)).toBe(true);
  });

  it('follows unsigned arithmetic when either operand is unsigned', () => {
    expect(holds('-1 < 0')).toBe(true);
    expect(holds('-1 < 0u')).toBe(false);
    expect(holds('-1 > 0u')).toBe(true);
    expect(holds('0u - 1 == 18446744073709551615u')).toBe(true);
    expect(holds('0u - 1 > 0')).toBe(true);
    expect(holds('(0u - 1) / 2 == 9223372036854775807')).toBe(true);
    expect(holds('0xffffffffffffffff > 0')).toBe(true);
    expect(holds('18446744073709551615 == -1')).toBe(true);
    expect(holds('(1 ? -1 : 0u) > 0')).toBe(true);
    expect(holds('-1u >> 63 == 1')).toBe(true);
  });

  it('keeps the left operand\'s signedness for shifts', () => {
    expect(holds('(-1 >> 1) == -1')).toBe(true);
    expect(holds('(-1 >> 1u) == -1')).toBe(true);
    expect(holds('(1u << 63 >> 63) == 1')).toBe(true);
  });

  it('treats unknown identifiers as 0 and expands macros first', () => {
    expect(holds('UNKNOWN == 0')).toBe(true);
    expect(holds('!UNKNOWN')).toBe(true);
    expect(holds('V * 2 == 8', '#define V 4')).toBe(true);
    expect(holds('SQ(3) == 9', '#define SQ(x) ((x) * (x))')).toBe(true);
    expect(holds('EMPTY 1', '#define EMPTY')).toBe(true);
  });

  it('evaluates defined before expansion and after it', () => {
    expect(holds('defined X && defined(X) && !defined Y', '#define X 0')).toBe(true);
    expect(holds('defined(SQ) && SQ', '#define SQ(x) x')).toBe(false);
    expect(holds('IS_DEF', '#define X\n#define IS_DEF defined(X)')).toBe(true);
  });

  it('short-circuits && || and ?: so unevaluated division by zero is fine', () => {
    expect(holds('0 && 1 / 0 == 0 || 1')).toBe(true);
    expect(holds('1 || 1 % 0')).toBe(true);
    expect(holds('(1 ? 2 : 1 / 0) == 2')).toBe(true);
    expect(holds('(0 ? 1 / 0 : 3) == 3')).toBe(true);
  });
});

describe('#if errors', () => {
  it.each([
    ['1 / 0', '1:7 PP012'],
    ['2 % (1 - 1)', '1:7 PP012'],
    ['', '1:4 PP011'],
    ['1 +', '1:8 PP011'],
    ['(1', '1:7 PP011'],
    ['(1 2)', '1:8 PP011'],
    ['1 2', '1:7 PP011'],
    [')', '1:5 PP011'],
    ['()', '1:6 PP011'],
    ['1 ? 2', '1:10 PP011'],
    ['1 : 2', '1:7 PP011'],
    ['* 2', '1:5 PP011'],
    ['1 = 1', '1:7 PP011'],
    ['"s"', '1:5 PP011'],
    ['defined', '1:12 PP011'],
    ['defined(X', '1:14 PP011'],
    ['defined 3', '1:13 PP011'],
    ['1.0', '1:5 PP013'],
    ['1e5', '1:5 PP013'],
    ['0x1p3', '1:5 PP013'],
    ['12abc', '1:5 PP013'],
    ['09', '1:5 PP013'],
    ['18446744073709551616', '1:5 PP013'],
    ["''", '1:5 PP013'],
    ["'\\x'", '1:5 PP013'],
  ])('#if %s -> %s and the group is false', (expr, diag) => {
    expect(problems(expr)).toEqual({ taken: false, diags: [diag] });
  });

  it('reports an error inside a macro expansion at the macro\'s position', () => {
    const r = run('#define BAD (1 / 0)\n#if 1 + BAD\n#endif\n');
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['2:9 PP012']);
  });

  it('survives absurd nesting', () => {
    const r = run(`#if ${'('.repeat(20000)}1${')'.repeat(20000)}\nyes\n#endif\n`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PP011']);
  });
});
