/**
 * `comidl parse --json` (the syntax tree, with spans) and `comidl print` (canonical IDL that parses back to
 * the same tree); bad input gives compiler-style diagnostics on stderr, nothing on stdout, exit 1, and
 * never a stack trace.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { cli, expectCompilerDiagnostics, IDL_ROOT, lineOf, REPO_ROOT, STACK_TRACE, tempDir, writeFiles } from './helpers';

/** Every `.idl` file under a folder. */
function idlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? idlFiles(p) : name.endsWith('.idl') ? [p] : [];
    })
    .sort();
}

/** Our IDL, and the model's fixtures (WinRT, dispinterfaces, call_as twins, delegates...). */
const CORPUS = [...idlFiles(IDL_ROOT), ...idlFiles(path.join(REPO_ROOT, 'packages/model/test/fixtures'))];
const rel = (f: string) => path.relative(REPO_ROOT, f);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The tree without positions: spans and file names differ between a file and its printed copy. */
function withoutPositions(v: Json): Json {
  if (Array.isArray(v)) return v.map(withoutPositions);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'span' && k !== 'file').map(([k, x]) => [k, withoutPositions(x)]));
  }
  return v;
}

/**
 * Every node of the tree with its span: objects with a `kind`, except the root (which names its file) and
 * the parts of a node that are not nodes themselves (pointer and array declarator parts, a
 * dispinterface's body).
 */
function nodes(v: Json, key = '', out: { kind: string; span: Json; key: string; node: { [k: string]: Json } }[] = []): typeof out {
  if (Array.isArray(v)) {
    for (const x of v) nodes(x, key, out);
  } else if (v && typeof v === 'object') {
    const parts = ['prefix', 'suffixes', 'pointers', 'body'];
    if (typeof v['kind'] === 'string' && v['kind'] !== 'idl-file' && !parts.includes(key)) out.push({ kind: v['kind'], span: v['span'], key, node: v });
    for (const [k, x] of Object.entries(v)) if (k !== 'span') nodes(x, k, out);
  }
  return out;
}

function isEmptyDeclarator(n: { [k: string]: Json }): boolean {
  const empty = (x: Json) => Array.isArray(x) && x.length === 0;
  return n['kind'] === 'declarator' && n['name'] === null && n['nested'] === null && empty(n['prefix']) && empty(n['suffixes']);
}

function parseJson(file: string): Json {
  const r = cli('parse', '--json', file);
  expect({ file: rel(file), code: r.code, stderr: r.stderr }).toEqual({ file: rel(file), code: 0, stderr: '' });
  return JSON.parse(r.stdout) as Json;
}

describe('comidl parse --json', () => {
  it('the corpus is there', () => {
    expect(CORPUS.map(rel)).toEqual(expect.arrayContaining(['idl/mapi-sync/ostx.idl', 'idl/com/unknwn.idl', 'packages/model/test/fixtures/winrt-generics/input.idl']));
  });

  it.each(CORPUS.map(rel))('%s: the tree as JSON, each node with its span', (file) => {
    const ast = parseJson(path.join(REPO_ROOT, file)) as { [k: string]: Json };
    expect(ast['kind']).toBe('idl-file');
    expect(ast['file']).toBe(path.join(REPO_ROOT, file));
    const all = nodes(ast);
    expect(all.length).toBeGreaterThan(0);
    for (const n of all) {
      expect({ kind: n.kind, key: n.key, span: n.span }).toEqual({
        kind: n.kind,
        key: n.key,
        span: expect.objectContaining({ file: path.join(REPO_ROOT, file), line: expect.any(Number), column: expect.any(Number) }),
      });
    }
  });

  it('spans point at the declarations in the source', () => {
    const file = path.join(IDL_ROOT, 'mapi-sync/ostx.idl');
    const ast = parseJson(file);
    const ostx = nodes(ast).find((n) => n.kind === 'interface') as { span: { line: number; column: number } } | undefined;
    // The declaration starts with its attribute list, the `[` six lines above `interface IOSTX`.
    expect(ostx?.span).toMatchObject({ line: 45, column: 1 });
  });

  it('every span ends at or after its start; an empty declarator has an empty span right after its type', () => {
    for (const file of [path.join(IDL_ROOT, 'com/unknwn.idl'), path.join(IDL_ROOT, 'mapi-sync/ostx.idl')]) {
      for (const n of nodes(parseJson(file))) {
        const s = n.span as { line: number; column: number; endLine: number; endColumn: number };
        expect({ kind: n.kind, end: [typeof s.endLine, typeof s.endColumn] }).toEqual({ kind: n.kind, end: ['number', 'number'] });
        // An empty span ends one column before it starts.
        const minimum = isEmptyDeclarator(n.node) ? s.column - 1 : s.column;
        expect({ kind: n.kind, span: s, ok: s.endLine > s.line || (s.endLine === s.line && s.endColumn >= minimum) }).toMatchObject({ ok: true });
      }
    }
  });

  it('an empty declarator (the `void` of `HRESULT Run(void)`) sits right after its type', () => {
    const ast = parseJson(path.join(IDL_ROOT, 'com/unknwn.idl'));
    const empty = nodes(ast).filter((n) => isEmptyDeclarator(n.node));
    // AddRef(void) and Release(void).
    expect(empty).toHaveLength(2);
    const addRef = lineOf(path.join(IDL_ROOT, 'com/unknwn.idl'), 'ULONG AddRef(void);');
    expect(empty[0].span).toMatchObject({ line: addRef, column: 'ULONG AddRef(void'.length + 5 });
  });

  it('needs --json and exactly one FILE (exit 2)', () => {
    const file = path.join(IDL_ROOT, 'com/unknwn.idl');
    for (const argv of [['parse', file], ['parse', '--json'], ['parse', '--json', file, file]]) {
      const r = cli(...argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^comidl parse: expected one FILE and --json\n/);
    }
  });
});

describe('comidl print', () => {
  const dir = tempDir('print');

  it.each(CORPUS.map(rel))('%s: canonical IDL that parses again to the same tree, and prints the same', (file) => {
    const source = path.join(REPO_ROOT, file);
    const printed = cli('print', source);
    expect({ code: printed.code, stderr: printed.stderr }).toEqual({ code: 0, stderr: '' });
    const copy = path.join(dir, file.replace(/[\\/]/g, '__'));
    writeFileSync(copy, printed.stdout);
    expect(withoutPositions(parseJson(copy))).toEqual(withoutPositions(parseJson(source)));
    expect(cli('print', copy)).toEqual({ code: 0, stdout: printed.stdout, stderr: '' });
  });

  it('needs exactly one FILE (exit 2)', () => {
    const r = cli('print');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^comidl print: expected one FILE\n/);
  });
});

describe('bad input: file:line:col: error CODE: message, the source line and a caret; stdout empty; exit 1', () => {
  const dir = tempDir('bad', (d) =>
    writeFiles(d, {
      'syntax.idl': 'typedef long HRESULT;\ninterface IFoo\n{\n    HRESULT Bar([in] long x;\n}\n',
      'three-errors.idl': 'interface IFoo\n{\n    HRESULT Bar(;\n}\ntypedef struct X { long a } X;\ninterface IBar\n{\n    HRESULT Baz(long a b);\n}\n',
      'lexer.idl': 'interface IFoo\n{\n    HRESULT Bar(void) § ;\n}\n',
      'unterminated-comment.idl': 'interface IFoo\n{\n}\n/* never closed\n',
      'missing-include.idl': '#include "no-such-header.h"\ninterface IFoo\n{\n}\n',
      'error-directive.idl': '#if 1\n#error stop here\n#endif\n',
      'unbalanced.idl': 'interface IFoo\n{\n    HRESULT Bar(void);\n',
      'tabs.idl': 'interface IFoo\n{\n\tHRESULT\tBar(;\n}\n',
    }),
  );
  const cases = ['syntax', 'three-errors', 'lexer', 'unterminated-comment', 'missing-include', 'error-directive', 'unbalanced', 'tabs'];

  describe.each(['parse', 'print'])('comidl %s', (command) => {
    const argv = (file: string) => (command === 'parse' ? ['parse', '--json', file] : ['print', file]);

    it.each(cases)('%s.idl', (name) => {
      const file = path.join(dir, `${name}.idl`);
      const r = cli(...argv(file));
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
      const heads = expectCompilerDiagnostics(r.stderr);
      expect(heads.every((h) => h.startsWith(`${file}:`))).toBe(true);
    });

    it('reports every syntax error of a file in one run', () => {
      const file = path.join(dir, 'three-errors.idl');
      const r = cli(...argv(file));
      expect(expectCompilerDiagnostics(r.stderr).map((h) => h.slice(file.length))).toEqual([
        ":3:17: error SYN001: expected ')' but found ';'",
        ":5:27: error SYN001: expected ';' but found '}'",
        ":8:24: error SYN001: expected ')' but found 'b'",
      ]);
    });

    it('a missing file: IO001, exit 1, no source line', () => {
      const missing = path.join(dir, 'no-such-file.idl');
      const r = cli(...argv(missing));
      expect(r).toEqual({ code: 1, stdout: '', stderr: `${missing}:1:1: error IO001: cannot read file '${missing}'\nFound 1 error and 0 warnings.\n` });
    });

    it('a folder: IO001, exit 1', () => {
      const r = cli(...argv(dir));
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: `${dir}:1:1: error IO001: cannot read file '${dir}': not a regular file (a directory)\nFound 1 error and 0 warnings.\n`,
      });
    });
  });

  it('the caret of a line with tabs sits under the column', () => {
    const r = cli('print', path.join(dir, 'tabs.idl'));
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/tabs\.idl:3:14: error SYN001: /);
    expect(lines[1]).toBe('   HRESULT Bar(;');
    expect(lines[2]).toBe('               ^');
  });

  it('mangled versions of ostx.idl never crash any command (exit 0 or 1, never a stack trace)', () => {
    const original = cli('print', path.join(IDL_ROOT, 'mapi-sync/ostx.idl')).stdout;
    const fragments = ['{', '}', '(', ')', '[', ']', ';', ',', '*', 'interface', 'typedef', '[in]', '/*', '"', "'", '#if', '<', '>', '::', 'uuid(', '0x', '\\'];
    const mangled = fc.tuple(fc.nat(original.length), fc.nat(40), fc.constantFrom(...fragments)).map(([at, cut, insert]) =>
      original.slice(0, at) + insert + original.slice(Math.min(original.length, at + cut)),
    );
    let n = 0;
    fc.assert(
      fc.property(mangled, (text) => {
        const file = path.join(dir, `mangled-${n++}.idl`);
        writeFileSync(file, text);
        for (const argv of [['parse', '--json', file], ['print', file], ['vtable', '-I', path.join(IDL_ROOT, 'com'), '-I', path.join(IDL_ROOT, 'mapi'), '-I', path.join(IDL_ROOT, 'mapi-sync'), file]]) {
          const r = cli(...argv);
          if (![0, 1].includes(r.code) || STACK_TRACE.test(r.stderr)) return false;
          if (r.code === 1 && argv[0] !== 'vtable' && r.stdout !== '') return false;
          if (r.code === 0 && argv[0] === 'print') {
            writeFileSync(file, r.stdout);
            if (cli('print', file).stdout !== r.stdout) return false;
          }
        }
        return true;
      }),
      { numRuns: 60, seed: 20240611 },
    );
  });
});
