/**
 * Nothing becomes `Record<string, unknown>` silently (fixture `fallbacks`): `void *` is `unknown` with no
 * warning, a structure declared but defined nowhere is a branded opaque type with one G001 warning at its
 * declaration, and any other fallback is a G002 warning naming the declaration and the reason.
 */
import * as path from 'node:path';
import { generate } from '../src';
import { FIXTURES, REPO_ROOT } from './helpers';

const input = path.join(FIXTURES, 'fallbacks', 'input.idl');
const result = generate({ files: [input], scope: '@fixture', name: 'fallbacks', source: 'fixtures', root: REPO_ROOT });
const warnings = result.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}${d.context ? ` (in ${d.context})` : ''}`);
const text = result.packages.flatMap((p) => p.files.map((f) => f.text)).join('\n');

describe('type fallbacks', () => {
  it('generates, with warnings only', () => {
    expect(result.packages.length).toBe(4);
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('warns once per opaque structure (G001) and once per other fallback (G002), located, naming the declaration', () => {
    expect(warnings).toEqual([
      'input.idl:15:9: warning G001: struct tagSERIALIZED is declared but defined nowhere in the IDL: generated as an opaque type (no fields) (in typedef SERIALIZED)',
      'input.idl:16:9: warning G001: struct tagHANDLE_DATA is declared but defined nowhere in the IDL: generated as an opaque type (no fields) (in typedef PHANDLE_DATA, HANDLE_DATA)',
      'input.idl:25:3: warning G002: struct tagNOWHERE is defined nowhere in the library and no typedef names it: mapped to an untyped record (in struct HOLDER)',
    ]);
  });

  it('an opaque structure is branded; void * is unknown', () => {
    expect(text).toContain("export interface tagSERIALIZED {\n  readonly __opaque: 'tagSERIALIZED';\n}");
    expect(text).toContain('context: PVOID;');
    expect(text).toContain('raw: unknown;');
    expect(text).toMatch(/export type PVOID = unknown;/);
  });

  it('every untyped record in the output has its G002 warning', () => {
    const records = text.match(/Record<string, unknown>/g) ?? [];
    const warned = result.diagnostics.filter((d) => d.code === 'G002' && d.message.endsWith('an untyped record'));
    // Each fallback is written into the interface and, for fields, into its mock's zero value type.
    expect(warned.length).toBeGreaterThan(0);
    expect(records.length).toBeGreaterThan(0);
    expect(text.split('\n').filter((l) => l.includes('Record<string, unknown>')).every((l) => /elsewhere/.test(l))).toBe(true);
  });
});

describe('WinRT names (fixture winrt)', () => {
  const winrt = generate({ files: [path.join(FIXTURES, 'winrt', 'input.idl')], scope: '@fixture', name: 'winrt', source: 'fixtures', root: REPO_ROOT });
  const output = winrt.packages.flatMap((p) => p.files.map((f) => f.text)).join('\n');

  it('resolves qualified names, runtime classes and instantiations; only what has no TypeScript type keeps its G002, with its reason', () => {
    expect(winrt.diagnostics.filter((d) => d.code === 'G002').map((d) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}${d.context ? ` (in ${d.context})` : ''}`)).toEqual([
      'input.idl:64:51: warning G002: type T is declared nowhere in the library: mapped to unknown (in interface Windows.UI.IVectorOf<Windows.UI.Color>)',
      'input.idl:79:38: warning G002: the runtimeclass Windows.UI.Palette has no [default] interface the library declares: mapped to unknown (in interface Windows.UI.IColorSource)',
    ]);
  });

  it('a qualified name is the declaration it names, a runtime class its default interface, a forward declaration the definition', () => {
    expect(output).toContain('get_Color(value: Out<Color>): HRESULT;');
    // Windows.UI.ColorKind, whose short name a C enum took first, is declared by its qualified name.
    expect(output).toContain('put_Kind(kind: Windows_UI_ColorKind): HRESULT;');
    expect(output).toContain('Blend(first: Color, kind: Windows_UI_ColorKind, blended: Out<Color>): HRESULT;');
    expect(output).toContain('GetHelper(helper: Out<Windows_UI_IColorHelper | null>): HRESULT;');
    // It crosses a channel as that interface, not as an opaque value.
    expect(output).toContain("type: 'Windows.UI.ColorHelper **', marshal: { itf: 'Windows.UI.IColorHelper' }");
    expect(output).not.toContain('interface IColorHelper extends IUnknown');
  });

  it('a parameterized interface is a generic interface, and an instantiation is it instantiated', () => {
    expect(output).toContain('export interface Windows_UI_IVectorOf<T> extends IInspectable {');
    expect(output).toContain('GetAt(index: ULONG, value: Out<T>): HRESULT;');
    expect(output).toContain('GetColors(colors: Out<Windows_UI_IVectorOf<Color> | null>): HRESULT;');
    expect(output).toContain('GetList(list: Out<Windows_UI_IVectorOf<Color> | null>): HRESULT;');
  });
});
