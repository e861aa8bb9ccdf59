/**
 * Every cost of the model is bounded, and no walk overflows the stack, whatever the input: inheritance chains
 * thousands deep, vtables over huge bases, long chains of imports, typedefs, constants and structures, and
 * cycles of each. Where a limit is reached, one located diagnostic says which. Bounds are asserted on what the
 * model holds (slots laid out), never on time.
 */
import {
  ComWorkspace,
  ConstantValues,
  CTypes,
  Layouts,
  MAX_IMPORT_DEPTH,
  MAX_INHERITANCE_DEPTH,
  MAX_REFERENCE_DEPTH,
  MAX_VTABLE_SLOTS,
  type FileModel,
} from '../src';

jest.setTimeout(120_000);

const HEADER = `typedef long HRESULT;
[object, local, uuid(00000000-0000-0000-C000-000000000046)] interface IUnknown { HRESULT QueryInterface(void); HRESULT AddRef(void); HRESULT Release(void); }
`;

function load(files: Record<string, string>, entry = '/t/input.idl'): { model: FileModel; workspace: ComWorkspace } {
  const workspace = new ComWorkspace({ host: { readFile: (p) => files[p] } });
  return { model: workspace.load(entry), workspace };
}

const iid = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000001`;

function chain(n: number): string {
  let text = HEADER;
  for (let i = 1; i <= n; i++) text += `[object, uuid(${iid(i)})] interface I${i} : ${i === 1 ? 'IUnknown' : `I${i - 1}`} { HRESULT M${i}(void); }\n`;
  return text;
}

const slotsHeld = (model: FileModel) => model.interfaces.reduce((n, i) => n + i.vtable.length, 0);

describe('inheritance', () => {
  it.each([2_000, 20_000])('a chain %i deep: one M013 where it passes the limit, vtables only below it, no recursion', (n) => {
    const { model } = load({ '/t/input.idl': chain(n) });
    expect(model.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([`M013 ${MAX_INHERITANCE_DEPTH + 2}`]);
    expect(model.diagnostics[0].message).toMatch(/I256 is 257 interfaces deep in its inheritance chain, more than the 256 allowed/);
    const withVtable = model.interfaces.filter((i) => i.vtable.length);
    expect(withVtable.map((i) => i.name).at(-1)).toBe(`I${MAX_INHERITANCE_DEPTH - 1}`);
    // The slots held are those of the chain below the limit: 3 + 4 + ... (linear in the limit, not in n).
    const below = MAX_INHERITANCE_DEPTH - 1;
    expect(slotsHeld(model)).toBe(3 + (below * (below + 1)) / 2 + 3 * below);
  });

  it('a cycle of 3,000 interfaces: every one reported as cyclic (and the depth limit once), no recursion', () => {
    let text = HEADER;
    for (let i = 1; i <= 3_000; i++) text += `[object, uuid(${iid(i)})] interface I${i} : I${i === 3_000 ? 1 : i + 1} { HRESULT M${i}(void); }\n`;
    const { model } = load({ '/t/input.idl': text });
    expect(model.diagnostics.filter((d) => d.code === 'M007')).toHaveLength(3_000);
    expect(model.diagnostics.filter((d) => d.code !== 'M007').map((d) => d.code)).toEqual(['M013']);
  });

  it(`a wide tree over a huge base: vtables stop at ${MAX_VTABLE_SLOTS} slots in all, each one past it an M013`, () => {
    let text = HEADER + `[object, uuid(${iid(1)})] interface IBig : IUnknown {\n`;
    for (let m = 0; m < 5_000; m++) text += `HRESULT M${m}(void);\n`;
    text += '}\n';
    const derived = 1_000;
    for (let i = 0; i < derived; i++) text += `[object, uuid(${iid(10 + i)})] interface ID${i} : IBig { HRESULT X(void); }\n`;
    const { model } = load({ '/t/input.idl': text });
    expect(slotsHeld(model)).toBeLessThanOrEqual(MAX_VTABLE_SLOTS);
    const limited = model.diagnostics.filter((d) => d.code === 'M013');
    expect(limited.length).toBe(model.interfaces.filter((i) => i.vtable.length === 0).length);
    expect(limited.length).toBeGreaterThan(derived / 5);
    expect(limited[0].message).toMatch(/more than the 4000000 allowed; it has no vtable/);
  });
});

describe('imports', () => {
  it(`a chain of ${MAX_IMPORT_DEPTH + 50} imports: the one past the limit is not read, an M010 says why`, () => {
    const files: Record<string, string> = {};
    const n = MAX_IMPORT_DEPTH + 50;
    for (let i = 0; i < n; i++) files[`/t/f${i}.idl`] = `import "f${i + 1}.idl";\ntypedef long T${i};\n`;
    files[`/t/f${n}.idl`] = 'typedef long LAST;\n';
    const { model, workspace } = load(files, '/t/f0.idl');
    expect(workspace.closure(workspace.unit('/t/f0.idl'))).toHaveLength(MAX_IMPORT_DEPTH);
    expect(model.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([`/t/f${MAX_IMPORT_DEPTH - 1}.idl M010`]);
    expect(model.diagnostics[0].message).toMatch(/is not read: imports nest more than 256 files deep here/);
  });

  it('a cycle of imports: each file read and modeled once', () => {
    const reads = new Map<string, number>();
    const files: Record<string, string> = { '/t/a.idl': 'import "b.idl";\ntypedef long A;\n', '/t/b.idl': 'import "a.idl";\ntypedef A B;\n' };
    const workspace = new ComWorkspace({ host: { readFile: (p) => (reads.set(p, (reads.get(p) ?? 0) + 1), files[p]) } });
    expect(workspace.load('/t/a.idl').diagnostics).toEqual([]);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('chains of references', () => {
  const n = 20_000;

  it(`typedefs ${n} long: one M014, and resolving the last one stops at the limit`, () => {
    let text = 'typedef long T0;\n';
    for (let i = 1; i <= n; i++) text += `typedef T${i - 1} T${i};\n`;
    const { model, workspace } = load({ '/t/input.idl': text });
    expect(model.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([`M014 ${MAX_REFERENCE_DEPTH + 1}`]);
    const types = new CTypes(workspace.scope(workspace.unit('/t/input.idl')));
    expect(types.resolveName(`T${n}`).kind).toBe('unknown');
    expect(types.resolveName(`T${MAX_REFERENCE_DEPTH - 1}`).kind).toBe('int');
  });

  it(`constants ${n} long: one M014, and the last one's value is not computed`, () => {
    let text = 'const long C0 = 1;\n';
    for (let i = 1; i <= n; i++) text += `const long C${i} = C${i - 1} + 1;\n`;
    const { model, workspace } = load({ '/t/input.idl': text });
    expect(model.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([`M014 ${MAX_REFERENCE_DEPTH + 1}`]);
    const values = new ConstantValues(workspace.scope(workspace.unit('/t/input.idl')));
    expect(values.value(`C${n}`)).toBeUndefined();
    expect(values.value(`C${MAX_REFERENCE_DEPTH - 1}`)).toBe(BigInt(MAX_REFERENCE_DEPTH));
  });

  it('an enum whose members name the next enum, 2,000 enums long: one M014', () => {
    let text = 'enum E0 { A0 = 1 };\n';
    for (let i = 1; i <= 2_000; i++) text += `enum E${i} { A${i} = A${i - 1} * 2, B${i} };\n`;
    const { model } = load({ '/t/input.idl': text });
    expect(model.diagnostics.map((d) => d.code)).toEqual(['M014']);
    expect(model.diagnostics[0].message).toMatch(/enum member A256 names constants more than 256 deep/);
  });

  it('constants whose expressions nest more than 1,500 deep together: one M014, no value, no recursion past it', () => {
    const sum = (first: string) => `${first}${' + 1'.repeat(900)}`;
    const text = `const long C0 = ${sum('1')};\nconst long C1 = ${sum('C0')};\nconst long C2 = ${sum('C1')};\n`;
    const { model, workspace } = load({ '/t/input.idl': text });
    expect(model.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual(['M014 2']);
    expect(model.diagnostics[0].message).toMatch(/constant C1: its value and those it names nest expressions more than 1500 deep/);
    const values = new ConstantValues(workspace.scope(workspace.unit('/t/input.idl')));
    expect(values.value('C0')).toBe(901n);
    expect(values.value('C2')).toBeUndefined();
  });

  it('products of products: values past 128 bits are not computed rather than grown', () => {
    let text = 'const hyper X0 = 0x7fffffff;\n';
    for (let i = 1; i <= 40; i++) text += `const hyper X${i} = X${i - 1} * X${i - 1};\n`;
    const { workspace } = load({ '/t/input.idl': text });
    const values = new ConstantValues(workspace.scope(workspace.unit('/t/input.idl')));
    expect(values.value('X2')).toBe(0x7fffffffn ** 4n);
    expect(values.value('X40')).toBeUndefined();
  });

  it(`structures held by value ${n} deep: one M014, and laying out the last one stops at the limit`, () => {
    let text = 'typedef struct tagS0 { long v; } S0;\n';
    for (let i = 1; i <= n; i++) text += `typedef struct tagS${i} { S${i - 1} inner; } S${i};\n`;
    const { model, workspace } = load({ '/t/input.idl': text });
    expect(model.diagnostics.map((d) => d.code)).toEqual(['M014']);
    const scope = workspace.scope(workspace.unit('/t/input.idl'));
    const types = new CTypes(scope);
    const layouts = new Layouts(types, new ConstantValues(scope));
    const last = types.resolveName(`S${n}`).node!;
    expect(String(layouts.layout(last as never))).toMatch(/nested by value more than 256 deep/);
  });

  it('cycles of typedefs, constants and structures end without recursion', () => {
    const text = 'typedef A B;\ntypedef B A;\nconst long X = Y;\nconst long Y = X;\ntypedef struct tagR { struct tagR self; } R;\n';
    const { workspace } = load({ '/t/input.idl': text });
    const scope = workspace.scope(workspace.unit('/t/input.idl'));
    const types = new CTypes(scope);
    expect(types.resolveName('A').kind).toBe('unknown');
    expect(new ConstantValues(scope).value('X')).toBeUndefined();
    expect(String(new Layouts(types, new ConstantValues(scope)).layout(types.resolveName('R').node as never))).toMatch(/contains itself/);
  });
});
