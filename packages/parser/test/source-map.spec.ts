/** `SourceMap`: offsets in the preprocessed text to original files, lines and columns. */
import { parseIdl, SourceMap, type Span } from '../src';
import { columnMappedLines, positionMapper, preprocess } from '../src/preprocessor';

describe('SourceMap.identity', () => {
  const map = SourceMap.identity('a.idl', 'ab\ncd\r\n\nlast');

  it.each([
    [0, 1, 1],
    [1, 1, 2],
    [2, 1, 3],
    [3, 2, 1],
    [4, 2, 2],
    [6, 2, 4],
    [7, 3, 1],
    [8, 4, 1],
    [11, 4, 4],
  ])('offset %i is line %i column %i', (offset, line, column) => {
    expect(map.position(offset)).toEqual({ file: 'a.idl', line, column });
  });

  it('counts past the end on the last line', () => {
    expect(map.position(20)).toEqual({ file: 'a.idl', line: 4, column: 13 });
  });

  it('gives output lines and their text without line ends', () => {
    expect(map.outputLine(0)).toBe(0);
    expect(map.outputLine(3)).toBe(1);
    expect(map.outputLine(8)).toBe(3);
    expect([0, 1, 2, 3, 4].map((l) => map.lineText(l))).toEqual(['ab', 'cd', '', 'last', '']);
  });

  it('maps an empty text', () => {
    expect(SourceMap.identity('e.idl', '').position(0)).toEqual({ file: 'e.idl', line: 1, column: 1 });
  });
});

describe('SourceMap over preprocessed lines', () => {
  it('gives each output line the file and line it came from', () => {
    const map = new SourceMap('x\ny\nz\n', ['a.idl', 'b.h', 'a.idl'], Int32Array.from([10, 1, 12]));
    expect(map.position(0)).toEqual({ file: 'a.idl', line: 10, column: 1 });
    expect(map.position(2)).toEqual({ file: 'b.h', line: 1, column: 1 });
    expect(map.position(5)).toEqual({ file: 'a.idl', line: 12, column: 2 });
  });

  it('asks the column mapper for every position when there is one', () => {
    const calls: [number, number][] = [];
    const map = new SourceMap('ab\ncd\n', ['a.idl', 'a.idl'], Int32Array.from([1, 2]), (line, column) => {
      calls.push([line, column]);
      return { file: 'm.idl', line: line * 10, column: column * 10 };
    });
    expect(map.position(4)).toEqual({ file: 'm.idl', line: 20, column: 20 });
    expect(calls).toEqual([[2, 2]]);
  });

  it('maps positions on lines where macros were expanded back to the original columns', () => {
    const text = '#define LONG_NAME 1\nconst int X = LONG_NAME + 22;\n';
    const r = parseIdl('/virtual/m.idl', text, {
      host: { readFile: () => undefined },
    });
    expect(r.diagnostics).toEqual([]);
    const c = r.ast.statements[0];
    if (c?.kind !== 'const' || c.value.kind !== 'binary') throw new Error('unexpected tree');
    // `22` is at column 27 of the original line, whatever the expansion of LONG_NAME to `1` did.
    expect(c.value.right.span).toMatchObject({ line: 2, column: 27, endLine: 2, endColumn: 28 });
    expect(c.span).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 29 });
  });
});

describe('SourceMap.span', () => {
  // A file with an #include, expanded macros on some lines (column maps) and plain lines in between.
  const files: Record<string, string> = {
    '/v/m.idl': '#define LONG_NAME 1\n#include "h.idl"\nconst int X = LONG_NAME + 22;\nconst int Y = 3;\n  const int Z = LONG_NAME;\n',
    '/v/h.idl': 'const int H = LONG_NAME\n  + 4;\n',
  };
  const pre = preprocess('/v/m.idl', files['/v/m.idl'], { host: { readFile: (f) => files[f] }, includeDirs: ['/v'] });
  const mapper = positionMapper(pre);
  const fast = new SourceMap(pre.text, pre.lineFiles, pre.lineNumbers, mapper, columnMappedLines(pre));
  /** The reference: the offset's output line and column counted here, mapped by the preprocessor. */
  const reference = (offset: number) => {
    const before = pre.text.slice(0, offset).split('\n');
    return mapper(before.length, before[before.length - 1].length + 1);
  };

  it('has lines of both kinds to compare', () => {
    expect(pre.diagnostics).toEqual([]);
    const lines = pre.text.split('\n').length;
    const mapped = Array.from({ length: lines }, (_, i) => columnMappedLines(pre).has(i));
    expect(mapped).toContain(true);
    expect(mapped).toContain(false);
  });

  it('equals the positions of both ends through the mapper, for every pair of offsets', () => {
    const n = pre.text.length;
    for (let from = 0; from < n; from++) {
      for (let to = from; to < n; to++) {
        const start = reference(from);
        const end = reference(to);
        expect(fast.span(from, to)).toEqual({ file: start.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
      }
    }
  });

  it('gives the nodes of one macro expansion one shared span, and other spans their own', () => {
    const text = '#define BASE (0x100 + 2)\n#define ID (BASE + 3)\nconst int A = ID;\nconst int B = ID;\n';
    const result = parseIdl('/v/s.idl', text);
    expect(result.diagnostics).toEqual([]);
    const [a, b] = result.ast.statements as unknown as { value: { span: Span; expression: { span: Span; left: { span: Span } } } }[];
    // `ID` expands to `((0x100 + 2) + 3)`: every node in it maps to the macro's name, column 15 of its line.
    const inA = [a.value.span, a.value.expression.span, a.value.expression.left.span];
    expect(inA[0]).toEqual({ file: '/v/s.idl', line: 3, column: 15, endLine: 3, endColumn: 15 });
    for (const span of inA) expect(span).toBe(inA[0]);
    // The same macro on another line: equal columns, another line, so a span of its own.
    expect(b.value.span).toEqual({ ...inA[0], line: 4, endLine: 4 });
    expect(b.value.span).not.toBe(inA[0]);
  });

  it('equals the positions of both ends on a map without a mapper, past the end too', () => {
    const map = SourceMap.identity('a.idl', 'ab\ncd\n');
    for (const [from, to] of [[0, 1], [1, 4], [3, 9], [7, 12]]) {
      const start = map.position(from);
      const end = map.position(to);
      expect(map.span(from, to)).toEqual({ file: start.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
    }
  });
});
