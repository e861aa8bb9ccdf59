import { preprocess, PreprocessOptions, PreprocessResult, WIDL_PREDEFINES } from './index';

/** Preprocesses `files[main]` with an in-memory host serving `files`. */
function run(files: Record<string, string>, options: PreprocessOptions = {}, main = '/src/main.idl'): PreprocessResult {
  return preprocess(main, files[main], { host: { readFile: (p) => files[p] }, ...options });
}

function lines(r: PreprocessResult): string[] {
  return r.text.split('\n').slice(0, -1);
}

function origins(r: PreprocessResult): string[] {
  return r.lineFiles.map((f, i) => `${f}:${r.lineNumbers[i]}`);
}

function codes(r: PreprocessResult): string[] {
  return r.diagnostics.map((d) => d.code);
}

describe('text and line alignment', () => {
  it('copies lines without macros byte for byte and ends every line with a newline', () => {
    const src = 'interface IFoo : IUnknown\r\n{\t  HRESULT Bar([in] int x);   \n}';
    const r = preprocess('a.idl', src);
    expect(r.text).toBe('interface IFoo : IUnknown\n{\t  HRESULT Bar([in] int x);   \n}\n');
    expect(origins(r)).toEqual(['a.idl:1', 'a.idl:2', 'a.idl:3']);
    expect(r.diagnostics).toEqual([]);
  });

  it('gives an empty text for an empty file and strips a byte order mark', () => {
    expect(preprocess('a.idl', '').text).toBe('');
    expect(preprocess('a.idl', '').lineFiles).toEqual([]);
    expect(preprocess('a.idl', '\ufeffx\n').text).toBe('x\n');
  });

  it('turns directive lines and skipped groups into empty lines', () => {
    const r = run({ '/src/main.idl': 'a\n#define X 1\n#if 0\nskipped\n#endif\nb\n' });
    expect(lines(r)).toEqual(['a', '', '', '', '', 'b']);
    expect(origins(r)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `/src/main.idl:${n}`));
  });

  it('keeps comments verbatim, including multi-line ones', () => {
    const src = '/** Doc comment\n * for IFoo */\ninterface IFoo; // trailing\n';
    expect(preprocess('a.idl', src).text).toBe(src);
  });

  it('does not take a # inside a comment or after text for a directive', () => {
    const r = run({ '/src/main.idl': '/*\n#error no\n*/ x # define Y\n' });
    expect(lines(r)).toEqual(['/*', '#error no', '*/ x # define Y']);
    expect(r.diagnostics).toEqual([]);
  });

  it('takes a directive after a comment that closes on the same line', () => {
    const r = run({ '/src/main.idl': '/* c */ #define X 1\nX\n' });
    expect(lines(r)).toEqual(['', '1']);
  });

  it('joins backslash-newline continued directives and leaves one empty line per physical line', () => {
    const r = run({ '/src/main.idl': '#define X \\\n  1 + \\\n  2\nX\n' });
    expect(lines(r)).toEqual(['', '', '', '1 + 2']);
  });

  it('joins continued text lines onto the first line', () => {
    const r = run({ '/src/main.idl': 'a \\\nb\nc\n' });
    expect(lines(r)).toEqual(['a b', '', 'c']);
    expect(origins(r)).toEqual(['/src/main.idl:1', '/src/main.idl:2', '/src/main.idl:3']);
  });

  it('extends a directive through a block comment that spans lines', () => {
    const r = run({ '/src/main.idl': '#define X 1 /* a\n b */ + 2\nX\n' });
    expect(lines(r)).toEqual(['', '', '1 + 2']);
  });

  it('passes #pragma lines through verbatim without expanding macros, and drops them when skipped', () => {
    const r = run({ '/src/main.idl': '#define N 4\n  #pragma pack(push, N)\n#if 0\n#pragma no\n#endif\n#pragma once\n' });
    expect(lines(r)).toEqual(['', '  #pragma pack(push, N)', '', '', '', '#pragma once']);
  });
});

describe('#include', () => {
  const files = {
    '/src/main.idl': '#include "q.h"\n#include <q.h>\nend\n',
    '/src/q.h': 'src-dir q\n',
    '/inc1/q.h': 'inc1 q\n',
    '/inc2/q.h': 'inc2 q\n',
  };

  it('searches the including file\'s directory first for "file", then the include directories in order', () => {
    const r = run(files, { includeDirs: ['/inc1', '/inc2'] });
    expect(lines(r)).toEqual(['', 'src-dir q', '', 'inc1 q', 'end']);
    expect(r.includedFiles).toEqual(['/src/q.h', '/inc1/q.h']);
  });

  it('searches only the include directories for <file>', () => {
    const r = run({ ...files, '/inc1/q.h': undefined as unknown as string }, { includeDirs: ['/inc1', '/inc2'] });
    expect(lines(r)[3]).toBe('inc2 q');
    expect(r.includedFiles).toEqual(['/src/q.h', '/inc2/q.h']);
  });

  it('maps included lines to the included file and resumes the includer after them', () => {
    const r = run({ '/src/main.idl': 'a\n#include "sub/x.h"\nb\n', '/src/sub/x.h': 'x1\nx2' }, {});
    expect(lines(r)).toEqual(['a', '', 'x1', 'x2', 'b']);
    expect(origins(r)).toEqual(['/src/main.idl:1', '/src/main.idl:2', '/src/sub/x.h:1', '/src/sub/x.h:2', '/src/main.idl:3']);
  });

  it('resolves "file" relative to the included file\'s own directory', () => {
    const r = run({ '/src/main.idl': '#include "sub/x.h"\n', '/src/sub/x.h': '#include "y.h"\n', '/src/sub/y.h': 'y\n' });
    expect(lines(r)).toEqual(['', '', 'y']);
    expect(r.includedFiles).toEqual(['/src/sub/x.h', '/src/sub/y.h']);
  });

  it('skips a second inclusion of a file with an include guard entirely', () => {
    const guarded = '/* guard */\n#ifndef Q_H\n#define Q_H\nbody\n#endif\n';
    const r = run({ '/src/main.idl': '#include "q.h"\n#include "q.h"\nQ_H\n', '/src/q.h': guarded });
    expect(lines(r)).toEqual(['', '/* guard */', '', '', 'body', '', '', '']);
    expect(r.includedFiles).toEqual(['/src/q.h']);
  });

  it('recognizes #if !defined(X) guards and still includes again once the guard macro is undefined', () => {
    const guarded = '#if !defined(Q_H)\n#define Q_H\nbody\n#endif\n';
    const r = run({ '/src/main.idl': '#include "q.h"\n#include "q.h"\n#undef Q_H\n#include "q.h"\n', '/src/q.h': guarded });
    expect(lines(r).filter((l) => l === 'body')).toHaveLength(2);
  });

  it('includes a file again when the guard does not cover the whole file', () => {
    const r = run({ '/src/main.idl': '#include "q.h"\n#include "q.h"\n', '/src/q.h': '#ifndef Q_H\n#define Q_H\n#endif\nafter\n' });
    expect(lines(r).filter((l) => l === 'after')).toHaveLength(2);
  });

  it('honours #pragma once', () => {
    const r = run({ '/src/main.idl': '#include "q.h"\n#include "q.h"\n', '/src/q.h': '#pragma once\nbody\n' });
    expect(lines(r)).toEqual(['', '#pragma once', 'body', '']);
  });

  it('accepts a macro-expanded file name', () => {
    const r = run({ '/src/main.idl': '#define HDR "q.h"\n#define SYS <q.h>\n#include HDR\n#include SYS\n', '/src/q.h': 'q\n', '/inc/q.h': 'sys q\n' }, { includeDirs: ['/inc'] });
    expect(lines(r)).toEqual(['', '', '', 'q', '', 'sys q']);
  });

  it('treats backslashes in a file name as directory separators', () => {
    const r = run({ '/src/main.idl': '#include "sub\\x.h"\n', '/src/sub/x.h': 'x\n' });
    expect(lines(r)).toEqual(['', 'x']);
  });

  it('ignores #include in a skipped group', () => {
    const r = run({ '/src/main.idl': '#if 0\n#include "missing.h"\n#endif\n' });
    expect(r.diagnostics).toEqual([]);
  });

  it('reads files through node:fs when no host is given', () => {
    const r = preprocess(__filename, '#include "predefines.ts"\n');
    expect(r.includedFiles).toHaveLength(1);
    expect(r.text).toContain('WIDL_PREDEFINES');
    expect(preprocess(__filename, '#include "no-such-file.h"\n').diagnostics[0].code).toBe('PP001');
  });
});

describe('conditional groups', () => {
  const cond = (text: string, options: PreprocessOptions = {}) => lines(run({ '/src/main.idl': text }, options)).filter((l) => l !== '');

  it('selects the first true group of #if/#elif/#else', () => {
    const src = (v: number) => `#define V ${v}\n#if V == 1\none\n#elif V == 2\ntwo\n#elif V == 3\nthree\n#else\nother\n#endif\n`;
    expect(cond(src(1))).toEqual(['one']);
    expect(cond(src(2))).toEqual(['two']);
    expect(cond(src(3))).toEqual(['three']);
    expect(cond(src(9))).toEqual(['other']);
  });

  it('handles #ifdef, #ifndef, defined X and defined(X)', () => {
    expect(cond('#define A\n#ifdef A\nyes\n#endif\n#ifndef A\nno\n#endif\n')).toEqual(['yes']);
    expect(cond('#if defined A && defined(B)\nno\n#elif defined(A) && !defined B\nyes\n#endif\n', { defines: { A: '1' } })).toEqual(['yes']);
  });

  it('nests groups and skips everything inside a false outer group without evaluating it', () => {
    const src = '#if 0\n#if 1/0\nno\n#else\nno\n#endif\n#elif 1\n#ifdef X\nno\n#else\nyes\n#endif\n#else\nno\n#endif\n';
    const r = run({ '/src/main.idl': src });
    expect(lines(r).filter((l) => l !== '')).toEqual(['yes']);
    expect(r.diagnostics).toEqual([]);
  });

  it('does not evaluate #elif after a taken group', () => {
    const r = run({ '/src/main.idl': '#if 1\na\n#elif 1/0\nb\n#endif\n' });
    expect(lines(r).filter((l) => l !== '')).toEqual(['a']);
    expect(r.diagnostics).toEqual([]);
  });

  it('ignores unknown directives and unterminated quotes in skipped groups', () => {
    const r = run({ '/src/main.idl': "#if 0\n#foo bar\ndon't\n#endif\n" });
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps comment state in skipped groups', () => {
    expect(cond('#if 0\n/*\n#endif\n*/\n#else\nyes\n#endif\n')).toEqual(['yes']);
  });

  it('treats a group whose condition has an error as false', () => {
    const r = run({ '/src/main.idl': '#if 1 +\nno\n#else\nyes\n#endif\n' });
    expect(lines(r).filter((l) => l !== '')).toEqual(['yes']);
    expect(codes(r)).toEqual(['PP011']);
  });
});

describe('#define and #undef', () => {
  it('defines and undefines', () => {
    const r = run({ '/src/main.idl': '#define A 1\nA\n#undef A\nA\n' });
    expect(lines(r)).toEqual(['', '1', '', 'A']);
  });

  it('accepts an identical redefinition silently and warns about a different one', () => {
    const r = run({ '/src/main.idl': '#define A (1 + 2)\n#define A (1  +   2)\n#define A (1+2)\nA\n' });
    expect(codes(r)).toEqual(['PP017']);
    expect(lines(r)[3]).toBe('(1+2)');
  });

  it('applies -D definitions after the predefined macros', () => {
    const r = run({ '/src/main.idl': '_WIN32 __WIDL__ X Y F(3)\n' }, { defines: { X: '1', Y: '', 'F(a)': 'a*a', _WIN32: '7' } });
    expect(lines(r)).toEqual(['7 0x80000 1  3*3']);
  });

  it('reports a malformed -D name', () => {
    const r = run({ '/src/main.idl': 'x\n' }, { defines: { 'A B': '1', '': '2' } });
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(['<command line>:1:1 PP014', '<command line>:1:1 PP014']);
  });
});

describe('predefined macros', () => {
  it('matches widl: __WIDL__ and _WIN32 only', () => {
    expect(WIDL_PREDEFINES).toEqual({ __WIDL__: '0x80000', _WIN32: '1' });
    const probe = ['__WIDL__', '_WIN32', '_WIN64', '__midl', '__x86_64__', '_M_AMD64', '__GNUC__', '__cplusplus'].map((n) => `#ifdef ${n}\n${n}_DEFINED\n#endif\n`).join('');
    expect(lines(run({ '/src/main.idl': probe })).filter((l) => l !== '')).toEqual(['__WIDL___DEFINED', '_WIN32_DEFINED']);
  });

  it('can be replaced', () => {
    const r = run({ '/src/main.idl': '#ifdef __WIDL__\nwidl\n#endif\n#ifdef __midl\nmidl\n#endif\n' }, { predefined: { __midl: '501' } });
    expect(lines(r).filter((l) => l !== '')).toEqual(['midl']);
  });

  it('builds in __FILE__ and __LINE__', () => {
    const r = run({ '/src/main.idl': 'a __LINE__\n__FILE__ __LINE__\n#ifdef __LINE__\nyes\n#endif\n' });
    expect(lines(r)).toEqual(['a 1', '"/src/main.idl" 2', '', 'yes', '']);
  });
});

describe('#line', () => {
  it('changes the file and line of the following lines, __LINE__ and __FILE__', () => {
    const r = run({ '/src/main.idl': 'a\n#line 100 "gen.idl"\nb __LINE__ __FILE__\nc\n#line 7\nd\n' });
    expect(lines(r)).toEqual(['a', '', 'b 100 "gen.idl"', 'c', '', 'd']);
    expect(origins(r)).toEqual(['/src/main.idl:1', '/src/main.idl:2', 'gen.idl:100', 'gen.idl:101', 'gen.idl:102', 'gen.idl:7']);
  });

  it('accepts macro operands and GNU line markers', () => {
    const r = run({ '/src/main.idl': '#define N 50\n#line N\nx\n# 9 "m.idl" 2\ny\n' });
    expect(origins(r).slice(2)).toEqual(['/src/main.idl:50', '/src/main.idl:51', 'm.idl:9']);
  });

  it('reports diagnostics at the presumed position but resolves includes from the real file', () => {
    const r = run({ '/src/main.idl': '#line 10 "/elsewhere/gen.idl"\n#include "q.h"\n#error here\n', '/src/q.h': 'q\n' });
    expect(lines(r)).toContain('q');
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(['/elsewhere/gen.idl:11:1']);
  });
});

describe('#error, #warning and unknown directives', () => {
  it('reports #error as an error and #warning as a warning, with the message', () => {
    const r = run({ '/src/main.idl': '#error  Not supported here \n#warning deprecated\n' });
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['error', 'PP008', '#error Not supported here'],
      ['warning', 'PP009', '#warning deprecated'],
    ]);
  });

  it('accepts the null directive', () => {
    expect(run({ '/src/main.idl': '#\n  #  \n' }).diagnostics).toEqual([]);
  });
});
