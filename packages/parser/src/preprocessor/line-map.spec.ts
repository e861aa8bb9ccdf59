import { originalPosition, preprocess, PreprocessResult } from './index';

function run(files: Record<string, string>, main = '/src/main.idl'): PreprocessResult {
  return preprocess(main, files[main], { host: { readFile: (p) => files[p] }, predefined: {} });
}

/** The output position of the first occurrence of `needle` (1-based line and column). */
function find(r: PreprocessResult, needle: string, nth = 0): [number, number] {
  const lines = r.text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    let at = lines[i].indexOf(needle);
    while (at >= 0) {
      if (seen++ === nth) return [i + 1, at + 1];
      at = lines[i].indexOf(needle, at + 1);
    }
  }
  throw new Error(`${needle} not in output`);
}

function origin(r: PreprocessResult, needle: string, nth = 0): string {
  const [line, col] = find(r, needle, nth);
  const p = originalPosition(r, line, col);
  return `${p.file}:${p.line}:${p.column}`;
}

describe('originalPosition', () => {
  it('maps unchanged lines one to one', () => {
    const r = run({ '/src/main.idl': 'interface A;\n\tinterface B;\n' });
    expect(origin(r, 'B')).toBe('/src/main.idl:2:12');
    expect(originalPosition(r, 2, 1)).toEqual({ file: '/src/main.idl', line: 2, column: 1 });
  });

  it('maps text around expansions exactly and expansion text to the macro name', () => {
    const r = run({ '/src/main.idl': '#define LONG_NAME x\n#define S(a) #a\n  int LONG_NAME; S(q) /* LONG_NAME */ end\n' });
    expect(r.text.split('\n')[2]).toBe('  int x; "q" /* LONG_NAME */ end');
    expect(origin(r, 'int')).toBe('/src/main.idl:3:3');
    expect(origin(r, 'x;')).toBe('/src/main.idl:3:7');
    expect(origin(r, ';')).toBe('/src/main.idl:3:16');
    expect(origin(r, '"q"')).toBe('/src/main.idl:3:18');
    expect(origin(r, 'q"')).toBe('/src/main.idl:3:18');
    expect(origin(r, '/*')).toBe('/src/main.idl:3:23');
    expect(origin(r, 'end')).toBe('/src/main.idl:3:39');
  });

  it('maps the parts of a multi-line invocation to their own lines', () => {
    const r = run({ '/src/main.idl': '#define F(a, b) a + b\nF(1,\n  2) tail\nnext\n' });
    expect(r.text).toBe('\n1 + 2 tail\n\nnext\n');
    expect(origin(r, '1 + 2')).toBe('/src/main.idl:2:1');
    expect(origin(r, 'tail')).toBe('/src/main.idl:3:6');
    expect(origin(r, 'next')).toBe('/src/main.idl:4:1');
    expect(Array.from(r.lineNumbers)).toEqual([1, 2, 3, 4]);
  });

  it('maps the parts of a backslash-joined line to their own lines', () => {
    const r = run({ '/src/main.idl': 'a = b \\\n    + c;\n' });
    expect(r.text).toBe('a = b     + c;\n\n');
    expect(origin(r, 'b')).toBe('/src/main.idl:1:5');
    expect(origin(r, '+')).toBe('/src/main.idl:2:5');
    expect(origin(r, 'c;')).toBe('/src/main.idl:2:7');
  });

  it('maps lines of an included file, including expansions in it', () => {
    const r = run({ '/src/main.idl': '#define M 42\nbefore\n#include "inc/x.h"\nafter M\n', '/src/inc/x.h': 'one\n  two M three\n' });
    expect(origin(r, 'one')).toBe('/src/inc/x.h:1:1');
    expect(origin(r, 'two')).toBe('/src/inc/x.h:2:3');
    expect(origin(r, '42')).toBe('/src/inc/x.h:2:7');
    expect(origin(r, 'three')).toBe('/src/inc/x.h:2:9');
    expect(origin(r, 'after')).toBe('/src/main.idl:4:1');
    expect(origin(r, '42', 1)).toBe('/src/main.idl:4:7');
  });

  it('follows #line', () => {
    const r = run({ '/src/main.idl': '#define M 1\n#line 500 "gen.idl"\nx M y\n' });
    expect(origin(r, 'y')).toBe('gen.idl:500:5');
    expect(origin(r, 'x')).toBe('gen.idl:500:1');
  });

  it('clamps lines outside the output and handles an empty output', () => {
    const r = run({ '/src/main.idl': 'a\nb\n' });
    expect(originalPosition(r, 0, 3)).toEqual({ file: '/src/main.idl', line: 1, column: 3 });
    expect(originalPosition(r, 99, 1)).toEqual({ file: '/src/main.idl', line: 2, column: 1 });
    const empty = run({ '/src/main.idl': '' });
    expect(originalPosition(empty, 1, 1)).toEqual({ file: '/src/main.idl', line: 1, column: 1 });
  });

  it('falls back to the line tables for a copy of the result', () => {
    const r = run({ '/src/main.idl': '#define LONG_NAME x\nLONG_NAME y\n' });
    const copy = { ...r };
    expect(originalPosition(copy, 2, 3)).toEqual({ file: '/src/main.idl', line: 2, column: 3 });
    expect(originalPosition(r, 2, 3)).toEqual({ file: '/src/main.idl', line: 2, column: 11 });
  });

  it('gives every output line a file and line', () => {
    const r = run({ '/src/main.idl': '#define F(x) x\n#include "a.h"\nF(\n1)\n#if 0\nq\n#endif\n', '/src/a.h': 'a\n' });
    const count = r.text.split('\n').length - 1;
    expect(r.lineFiles).toHaveLength(count);
    expect(r.lineNumbers).toHaveLength(count);
    expect(r.lineFiles.map((f, i) => `${f}:${r.lineNumbers[i]}`)).toEqual([
      '/src/main.idl:1',
      '/src/main.idl:2',
      '/src/a.h:1',
      '/src/main.idl:3',
      '/src/main.idl:4',
      '/src/main.idl:5',
      '/src/main.idl:6',
      '/src/main.idl:7',
    ]);
  });
});
