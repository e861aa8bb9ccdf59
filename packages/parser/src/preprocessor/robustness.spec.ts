import fc from 'fast-check';
import { originalPosition, preprocess, PreprocessResult } from './index';
import { Expander } from './macros';
import { MAX_OUTPUT_BYTES } from './preprocessor';

// Hundreds of random inputs per test: allow for a busy machine.
jest.setTimeout(120_000);

const files: Record<string, string> = {};
const host = { readFile: (p: string) => files[p] };

function check(text: string): PreprocessResult {
  const r = preprocess('/src/fuzz.idl', text, { host, includeDirs: ['/inc'] });
  // The result is always consistent.
  const lineCount = r.text === '' ? 0 : r.text.split('\n').length - 1;
  expect(r.text === '' || r.text.endsWith('\n')).toBe(true);
  expect(r.lineFiles).toHaveLength(lineCount);
  expect(r.lineNumbers).toHaveLength(lineCount);
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^PP0\d\d$/);
    expect(d.code).not.toBe('PP000');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  for (let line = 1; line <= lineCount; line += Math.max(1, lineCount >> 3)) {
    const p = originalPosition(r, line, 1);
    expect(p.line).toBeGreaterThanOrEqual(1);
  }
  return r;
}

/** Pieces that exercise the preprocessor's corners. */
const fragments = [
  '#', '#define', '#define F(a, ...) a ## __VA_ARGS__ #a', '#define G(x) F(x', '#define O (', '#undef', '#if', '#ifdef', '#ifndef',
  '#elif', '#else', '#endif', '#include', '#include "a.h"', '#include <a.h>', '#include "fuzz.idl"', '#line', '#line 0', '#line 9 "x"',
  '#error', '#warning', '#pragma', '#pragma once', '#foo', 'defined', 'F', 'G', 'O', '__LINE__', '__FILE__', '__VA_ARGS__',
  '(', ')', ',', '##', '#', '"', "'", 'L"', "L'", '"s"', "'c'", '/*', '*/', '//', '\\', '\\\n', '\n', '\r\n', '\r', ' ', '\t',
  '0x', '1e+', '1u', '99999999999999999999', '/', '%', '?', ':', '<', '>', '<<', '>>', '&&', '||', '!', '~', '-', '+', '*',
  'x', 'y', '\u00e9', '\ud83d\ude00', '\ud800', '\u0000', '\ufeff',
];

describe('never throws', () => {
  beforeAll(() => {
    files['/inc/a.h'] = '#ifndef A_H\n#define A_H\n#define F(x) x\n#endif\n';
    files['/src/a.h'] = '#if 1\n/* open';
  });

  it('on random strings of preprocessor fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
        files['/src/fuzz.idl'] = parts.join('');
        check(parts.join(''));
      }),
      { numRuns: 1500 },
    );
  });

  it('on random line-structured input', () => {
    // (Without self-inclusion: many directives per file would make each run include 20,000 files.)
    const lineFragments = fragments.filter((f) => !f.includes('fuzz.idl'));
    const line = fc.array(fc.constantFrom(...lineFragments), { maxLength: 8 }).map((p) => p.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        files['/src/fuzz.idl'] = text;
        check(text);
      }),
      { numRuns: 800 },
    );
  });

  it('on random bytes and random unicode', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        check(Buffer.from(bytes).toString('latin1'));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        check(s);
      }),
      { numRuns: 500 },
    );
  });

  it('on unterminated everything', () => {
    for (const text of [
      '/*',
      '"',
      "'",
      'L"abc',
      '#if 1',
      '#if 1\n#else',
      '#define F(x',
      '#define F(x) x\nF(',
      '#define F(x) x\nF(\n(\n',
      '#include "',
      '#include <',
      '#line 5 "',
      '#error "',
      'a \\',
      '#define X \\',
      '#if (((',
      "#if '",
      '#if 0\n/*',
      '#define S(x) #x\nS("\\")',
    ]) {
      expect(() => check(text)).not.toThrow();
    }
  });

  it('on deep recursion of every kind', () => {
    const r = check(`#define F(x) x\n${'F('.repeat(150)}1${')'.repeat(150)}\n#if ${'!'.repeat(5000)}1\n#endif\n`);
    expect(r.text.split('\n')[1]).toBe('1');
    expect(check(`#define F(x) x\n${'F('.repeat(1000)}1${')'.repeat(1000)}\n`).diagnostics.map((d) => d.code)).toEqual(['PP026']);
    const chain = Array.from({ length: 3000 }, (_, i) => `#define A${i + 1} A${i}`).join('\n');
    expect(check(`#define A0 end\n${chain}\nA3000\n`).text.trim()).toBe('end');
    expect(check(`#if ${'('.repeat(20000)}1\n#endif\n`).diagnostics.map((d) => d.code)).toEqual(['PP011']);
  });
});

describe('bounded cost', () => {
  it('300 KB of nested macro calls: PP026 once the arguments read pass the budget, after a few levels, not 200', () => {
    const expandClosed = jest.spyOn(Expander.prototype, 'expandClosed');
    try {
      const r = check(`#define F(x) x\nconst int X = ${'F('.repeat(75_000)}1${')'.repeat(75_000)};\n`);
      expect(r.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual(['PP026 2']);
      expect(r.diagnostics[0].message).toMatch(/exceeds 1000000 tokens/);
      // Each level reads its arguments again (150,000 tokens): the budget stops it within 7 levels.
      expect(expandClosed.mock.calls.length).toBeLessThanOrEqual(7);
    } finally {
      expandClosed.mockRestore();
    }
  });

  it(`output past ${MAX_OUTPUT_BYTES / (1024 * 1024)} MB stops with PP029 at the line reaching it; the rest is skipped`, () => {
    // L18 doubles 18 times: 262,144 tokens, 786 KB spelled; used 180 times it passes 128 MB.
    const macros = Array.from({ length: 18 }, (_, i) => `#define L${i + 1} L${i} L${i}`).join('\n');
    const text = `#define L0 ab\n${macros}\n${'L18\n'.repeat(180)}#error never reached\n`;
    const r = check(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PP029']);
    const line = r.diagnostics[0].line;
    // 128 MB / 786 KB: the 171st use passes it.
    expect(line).toBeGreaterThan(20 + 165);
    expect(line).toBeLessThan(20 + 180);
    expect(r.text.length).toBeLessThan(MAX_OUTPUT_BYTES + 2 * 1024 * 1024);
  });
});
