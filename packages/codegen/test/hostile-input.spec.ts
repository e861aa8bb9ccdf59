/**
 * Hostile text from outside, generated: directory and file names, the `source` a configuration gives, IDL
 * names, docs and helpstrings made of what could end a comment, a string or a line, or start code. Each
 * library generates without an error; its packages compile under strict (all in one program) and import
 * without running anything they should not; and the code of a library (its comments removed) does not
 * depend on the folder it was generated from.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { generate, type GeneratedPackage } from '../src';
import type { PackageKind } from '../src/package-files';
import { compilePackages, importPackages } from './helpers';

/** The packages that import no native code (the native package binds koffi when imported; its tests are native.spec.ts and the goldens). */
const PORTABLE: PackageKind[] = ['interfaces', 'proxies', 'mocks'];

const pwned = '__comidlPwned';
const code = `Function("globalThis.${pwned} = 1")();`;
/** Fragments of text that end a comment, a string or a line, hide what a line says, or are code. */
const fragments = ['*/', '/*', '//', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\u202e', '\u2066', '\ufeff', '"', "'", '`', '${', '}', '\\', ';', code, ' ', 'a', 'é', '\t', '<!--', '-->', '#!'];
const text = fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
/** A relative folder: hostile names, `/` between some of them (never a `.` or `..` step, never a NUL). */
const folder = fc
  .array(text, { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('/'))
  .filter((f) => f.split('/').every((step) => step !== '.' && step !== '..' && Buffer.byteLength(step) < 200) && !f.startsWith('/'));
const fileName = text.map((t) => `${t.replaceAll('/', '_')}.idl`);
/** IDL names JavaScript, TypeScript or the generated code already use. */
const names = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'function', 'delete', 'arguments', 'eval', 'Promise', 'Object', 'GUID_', 'ComMock', 'ComProxy', 'ComAsync', 'StubDispatch', 'IFoo', 'IFooProxy', 'IFooMock', 'IFooStub', 'IFooAsyncProxy', 'vtables', 'structs', 'x'];
const uniqueNames = (min: number) => fc.uniqueArray(fc.constantFrom(...names), { minLength: min, maxLength: 5 });
/** Text as an IDL string literal holds it (no line breaks inside one). */
const helpstring = fc.array(fc.constantFrom(...fragments.filter((f) => !/[\n\r\u2028\u2029\u0085]/.test(f))), { maxLength: 6 }).map((p) => p.join('').replaceAll('\\', '\\\\').replaceAll('"', '\\"'));
/** Text as an IDL doc comment holds it (no comment end inside one). */
const doc = text.map((t) => t.replaceAll('*/', '* /'));

const unknown = `typedef long LONG; typedef LONG HRESULT; typedef unsigned long ULONG;
typedef struct _GUID { ULONG Data1; ULONG Data2; ULONG Data3; ULONG Data4; } GUID;
typedef GUID *REFIID;
[object, local, uuid(00000000-0000-0000-C000-000000000046)]
interface IUnknown { HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject); ULONG AddRef(void); ULONG Release(void); }
`;

const library = fc.record({ folder, file: fileName, source: folder, interfaces: uniqueNames(1), methods: uniqueNames(1), fields: uniqueNames(1), members: uniqueNames(1), help: helpstring, doc });
type Library = typeof library extends fc.Arbitrary<infer T> ? T : never;

function idlOf(l: Library): string {
  const methods = l.methods.map((m) => `  /** ${l.doc} */\n  [helpstring("${l.help}")] HRESULT ${m}([in] ULONG ${l.fields[0]}, [in] S *s);`).join('\n');
  return `${unknown}/** ${l.doc} */
typedef struct { ${l.fields.map((f) => `ULONG ${f};`).join(' ')} } S;
typedef enum { ${l.members.map((m, i) => `${m} = ${i}`).join(', ')} } E;
const char *TEXT = "${l.help}";
${l.interfaces.map((n, i) => `[object, uuid(12345678-1234-1234-1234-${(i + 1).toString(16).padStart(12, '0')}), helpstring("${l.help}")]\ninterface ${n} : IUnknown {\n${methods}\n}`).join('\n')}
`;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'comidl-hostile-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Generates a library in `<root>/<run>/<folder>/<file>`; paths in the output are relative to `<root>/<run>`. */
function generateIn(run: string, l: Library, file = l.file, folderName = l.folder) {
  const dir = path.join(root, run, folderName);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), idlOf(l));
  const result = generate({ files: [path.join(dir, file)], scope: `@${run}`, name: run, source: l.source, root: path.join(root, run), kinds: PORTABLE });
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
  if (errors.length) throw new Error(`${JSON.stringify(l)} does not generate:\n${errors.join('\n')}`);
  return result.packages;
}

/** A package's TypeScript as the compiler prints it without comments, and its JSON as data, text left out. */
function code_(packages: GeneratedPackage[]): string[] {
  const printer = ts.createPrinter({ removeComments: true });
  return packages.flatMap((p) =>
    p.files.map((f) => {
      if (f.path.endsWith('.ts')) return `${f.path}\n${printer.printFile(ts.createSourceFile(f.path, f.text, ts.ScriptTarget.ES2022))}`;
      if (f.path === 'package.json') {
        // The note and the description name the source: text, not code.
        const { '//': note, description, ...rest } = JSON.parse(f.text) as Record<string, unknown>;
        return `${f.path}\n${typeof note} ${typeof description}\n${JSON.stringify(rest)}`;
      }
      const parsed = ts.parseConfigFileTextToJson(f.path, f.text);
      return `${f.path}\n${parsed.error ? 'unparsable' : JSON.stringify(parsed.config)}`;
    }),
  );
}

describe('hostile paths, names and text', () => {
  it('give code that does not depend on the folder, the file name aside (120 libraries)', () => {
    let runs = 0;
    fc.assert(
      fc.property(library, (l) => {
        const run = `p${runs++}`;
        // The helpstring is kept: it is a string constant's value too, which is code.
        const plain = { ...l, folder: 'plain', source: 'plain', doc: 'doc' };
        const hostile = generateIn(run, l, 'input.idl');
        const reference = generateIn(run, plain, 'input.idl');
        // Every file's first line is the header, whole: a newline in the path ends no comment early.
        for (const p of hostile) for (const f of p.files) if (f.path.endsWith('.ts')) expect(f.text.split('\n', 1)[0]).toMatch(/^\/\/ @generated by comidl from .* DO NOT EDIT\.$/);
        expect(code_(hostile)).toEqual(code_(reference));
        rmSync(path.join(root, run), { recursive: true, force: true });
      }),
      { numRuns: 120, seed: 14 },
    );
    expect(runs).toBe(120);
  });

  it('compile under strict and import without running any of it (30 libraries)', () => {
    const libraries = fc.sample(library, { numRuns: 30, seed: 13 });
    const packages = libraries.flatMap((l, i) => generateIn(`h${i}`, l));
    expect(packages.length).toBe(3 * libraries.length);
    expect(compilePackages(packages)).toEqual([]);
    delete (globalThis as Record<string, unknown>)[pwned];
    const imported = importPackages(packages);
    expect((globalThis as Record<string, unknown>)[pwned]).toBeUndefined();
    libraries.forEach((l, i) => {
      const interfaces = imported[`@h${i}/interfaces`]!;
      expect(interfaces['TEXT']).toBe(l.help.replace(/\\(.)/g, '$1'));
      expect(Object.keys(interfaces['vtables'] as object)).toEqual(['IUnknown', ...l.interfaces]);
    });
  });
});
