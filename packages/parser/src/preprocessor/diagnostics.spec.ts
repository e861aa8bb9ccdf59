import { preprocess, PreprocessOptions, PreprocessResult } from './index';

function run(files: Record<string, string>, options: PreprocessOptions = {}, main = '/src/main.idl'): PreprocessResult {
  return preprocess(main, files[main], { host: { readFile: (p) => files[p] }, predefined: {}, ...options });
}

/** Diagnostics as `file:line:col severity code`. */
function diags(files: Record<string, string> | string): string[] {
  const r = run(typeof files === 'string' ? { '/src/main.idl': files } : files);
  return r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`);
}

const M = '/src/main.idl';

describe('diagnostic codes, each at its exact original position', () => {
  it('PP001 include file not found (at the file name, in the including file)', () => {
    expect(diags({ [M]: 'a\n  #include "nofile.h"\n#include "sub.h"\n', '/src/sub.h': 'x\n#include <none.h>\n' })).toEqual([
      `${M}:2:12 error PP001`,
      '/src/sub.h:2:10 error PP001',
    ]);
  });

  it('PP002 include nesting deeper than 200', () => {
    const r = run({ [M]: '#include "self.h"\n', '/src/self.h': 'x\n#include "self.h"\n' });
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(['/src/self.h:2:1 PP002']);
    expect(r.text.split('\n').filter((l) => l === 'x')).toHaveLength(200);
    expect(r.includedFiles).toEqual(['/src/self.h']);
  });

  it('PP003 malformed #include', () => {
    expect(diags('#include\n#include foo\n#include <a.h\n#include ""\n')).toEqual([
      `${M}:1:9 error PP003`,
      `${M}:2:10 error PP003`,
      `${M}:3:10 error PP003`,
      `${M}:4:10 error PP003`,
    ]);
  });

  it('PP004 unterminated comment (at its start), in text, a skipped group or a directive', () => {
    expect(diags('a\nb  /* open\nmore\n')).toEqual([`${M}:2:4 error PP004`]);
    expect(diags('#if 0\n x /* open\n#endif\n')).toEqual([`${M}:2:4 error PP004`, `${M}:1:1 error PP005`]);
    expect(diags('#define X 1 /* open')).toEqual([`${M}:1:13 error PP004`]);
    expect(diags({ [M]: '#include "c.h"\nok\n', '/src/c.h': '/* open\n' })).toEqual(['/src/c.h:1:1 error PP004']);
  });

  it('PP005 unterminated conditional (at the opening #, in the file that opened it)', () => {
    expect(diags('x\n  #if 1\n#ifdef A\n#endif\n')).toEqual([`${M}:2:3 error PP005`]);
    expect(diags({ [M]: '#if 1\n#include "c.h"\n#endif\n', '/src/c.h': '#ifndef Q\n' })).toEqual(['/src/c.h:1:1 error PP005']);
    // A `#line` after the `#if` does not move it (this gave x:0:1, found by the robustness test).
    expect(diags('#if 1\n\n#line 9 "x"\n')).toEqual([`${M}:1:1 error PP005`]);
    expect(diags('#line 20 "y"\n#if 1\n#line 9 "x"\n')).toEqual(['y:20:1 error PP005']);
  });

  it('PP006 #else, #elif or #endif without #if (also across a file boundary)', () => {
    expect(diags('#else\n#elif 1\n #endif\n')).toEqual([`${M}:1:1 error PP006`, `${M}:2:1 error PP006`, `${M}:3:2 error PP006`]);
    expect(diags({ [M]: '#if 1\n#include "c.h"\n#endif\n', '/src/c.h': '#endif\n' })).toEqual(['/src/c.h:1:1 error PP006']);
  });

  it('PP007 #elif or #else after #else', () => {
    expect(diags('#if 0\n#else\n#elif 1\n#else\n#endif\n')).toEqual([`${M}:3:1 error PP007`, `${M}:4:1 error PP007`]);
  });

  it('PP008 #error and PP009 #warning', () => {
    expect(diags('\n #error stop\n#warning careful\n#if 0\n#error skipped\n#endif\n')).toEqual([`${M}:2:2 error PP008`, `${M}:3:1 warning PP009`]);
  });

  it('PP010 unknown directive', () => {
    expect(diags('#pragma ok\n#include_next <x>\n#import "a"\n# "str"\n')).toEqual([`${M}:2:1 error PP010`, `${M}:3:1 error PP010`, `${M}:4:1 error PP010`]);
  });

  it('PP011 malformed expression, PP012 division by zero, PP013 invalid constant', () => {
    expect(diags('#if 1 +\n#endif\n#if 4 % 0\n#elif 0x\n#endif\n')).toEqual([`${M}:1:8 error PP011`, `${M}:3:7 error PP012`, `${M}:4:7 error PP013`]);
  });

  it('PP014 missing or invalid macro name', () => {
    expect(diags('#define\n#define 3 x\n#undef "s"\n#ifdef\n#endif\n#ifndef 1\n#endif\n#define defined\n')).toEqual([
      `${M}:1:8 error PP014`,
      `${M}:2:9 error PP014`,
      `${M}:3:8 error PP014`,
      `${M}:4:7 error PP014`,
      `${M}:6:9 error PP014`,
      `${M}:8:9 error PP014`,
    ]);
  });

  it('PP015 malformed parameter list', () => {
    expect(diags('#define A(x, x) x\n#define B(x y) x\n#define C(x\n#define D(1) x\n#define E(..., x) x\n#define F(x,) x\n')).toEqual([
      `${M}:1:14 error PP015`,
      `${M}:2:13 error PP015`,
      `${M}:3:12 error PP015`,
      `${M}:4:11 error PP015`,
      `${M}:5:14 error PP015`,
      `${M}:6:13 error PP015`,
    ]);
  });

  it('PP016 # without a parameter, ## at either end', () => {
    expect(diags('#define S(x) # y\n#define P ## x\n#define Q(x) x ##\n#define H # y\n')).toEqual([`${M}:1:14 error PP016`, `${M}:2:11 error PP016`, `${M}:3:16 error PP016`]);
  });

  it('PP017 incompatible redefinition (a warning; the new definition wins)', () => {
    const r = run({ [M]: '#define A 1\n#define A 1\n#define A(x) 1\n#define A 2\nA\n' });
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)).toEqual([
      `3:9 warning PP017 'A' redefined (previous definition at ${M}:2:9)`,
      `4:9 warning PP017 'A' redefined (previous definition at ${M}:3:9)`,
    ]);
    expect(r.text.split('\n')[4]).toBe('2');
  });

  it('PP018 wrong number of arguments (at the macro name; the invocation is left as is)', () => {
    const r = run({ [M]: '#define F(a, b) a\n#define G() g\n#define V(a, b, ...) a\nx F(1) G(2) V() F(1,2,3) V(1,2)\n' });
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['4:3 PP018', '4:8 PP018', '4:13 PP018', '4:17 PP018']);
    expect(r.text.split('\n')[3]).toBe('x F(1) G(2) V() F(1,2,3) 1');
  });

  it('PP019 unterminated argument list (at end of file or before a directive)', () => {
    expect(diags('#define F(a) a\nx\n  F(1,\n2\n')).toEqual([`${M}:3:3 error PP019`]);
    expect(diags('#define F(a) a\nF(1\n#define Y\n)\n')).toEqual([`${M}:2:1 error PP019`]);
  });

  it('PP020 invalid paste', () => {
    expect(diags('#define P(a, b) a ## b\n\n  P(+, -)\n')).toEqual([`${M}:3:3 error PP020`]);
  });

  it('PP021 malformed #line', () => {
    expect(diags('#line\n#line x\n#line 0\n#line 5 name\n#line 4294967296\n')).toEqual([
      `${M}:1:6 error PP021`,
      `${M}:2:7 error PP021`,
      `${M}:3:7 error PP021`,
      `${M}:4:9 error PP021`,
      `${M}:5:7 error PP021`,
    ]);
  });

  it('PP022 extra tokens at end of a directive (a warning)', () => {
    expect(diags({ [M]: '#ifdef A junk\n#else junk\n#endif A\n#include "c.h" x\n#define X+1\n#undef X Y\n#line 5 "f" 3\n', '/src/c.h': '' })).toEqual([
      `${M}:1:10 warning PP022`,
      `${M}:2:7 warning PP022`,
      `${M}:3:8 warning PP022`,
      `${M}:4:16 warning PP022`,
      `${M}:5:10 warning PP022`,
      `${M}:6:10 warning PP022`,
      `${M}:7:13 warning PP022`,
    ]);
  });

  it('PP023 missing terminating quote (a warning), not in skipped groups', () => {
    expect(diags('ok "str\n  it\'s\n#if 0\ndon\'t\n#endif\n')).toEqual([`${M}:1:4 warning PP023`, `${M}:2:5 warning PP023`]);
  });

  it('PP024 builtin macro redefined or undefined, PP025 __VA_ARGS__ outside a variadic macro', () => {
    expect(diags('#undef __LINE__\n#define __FILE__ x\n#define V __VA_ARGS__\n')).toEqual([`${M}:1:8 warning PP024`, `${M}:2:9 warning PP024`, `${M}:3:11 warning PP025`]);
  });

  it('PP026 an exponentially growing expansion is stopped', () => {
    const defs = ['#define A0 x x'];
    for (let i = 1; i <= 24; i++) defs.push(`#define A${i} A${i - 1} A${i - 1}`);
    const r = run({ [M]: `${defs.join('\n')}\nok A24\n` });
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['26:4 PP026']);
    expect(r.text.length).toBeLessThan(100_000_000);
  });

  it('reports at the #line presumed position', () => {
    expect(diags('#line 40 "gen.idl"\n\n#error x\n')).toEqual(['gen.idl:41:1 error PP008']);
  });
});

describe('runaway expansions', () => {
  it('stops nested function-like doubling too', () => {
    const nested = `${'F('.repeat(30)}a${')'.repeat(30)}`;
    const r = run({ [M]: `#define F(x) x x\n${nested}\n` });
    expect(r.diagnostics.map((d) => d.code)).toContain('PP026');
    expect(r.text.length).toBeLessThan(20_000_000);
  });
});

describe('runaway inclusion', () => {
  it('PP027 stops a file that includes itself twice from multiplying without bound', () => {
    const r = run({ [M]: '#include "twice.h"\n', '/src/twice.h': 'x\n#include "twice.h"\n#include "twice.h"\n' });
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(['/src/twice.h:2:1 PP002', '/src/twice.h:3:1 PP002', '/src/twice.h:2:1 PP027']);
    expect(r.text.split('\n').filter((l) => l === 'x')).toHaveLength(20_000);
  });
});
