/**
 * Vtable baselines: each `fixtures/<case>/input.idl` (with the files it imports, in the same folder)
 * against `fixtures/<case>/vtables.json`. The checks after the baselines state what each case is about,
 * so that rewriting the baselines cannot bless a wrong layout unnoticed.
 */
import * as path from 'node:path';
import { ComWorkspace, type FileModel, type InterfaceModel } from '../src';
import { caseFolders, countingHost, displayPath, expectBaseline, FIXTURES, interfaceBaseline, vtablesBaseline } from './helpers';

interface Loaded {
  workspace: ComWorkspace;
  models: FileModel[];
  reads: Map<string, number>;
}

const loaded = new Map<string, Loaded>();

/** Each case loaded once, in its own workspace, through a host that counts reads. */
function load(name: string): Loaded {
  let l = loaded.get(name);
  if (!l) {
    const { host, reads } = countingHost();
    const workspace = new ComWorkspace({ host });
    const models = workspace.loadWithImports(path.join(FIXTURES, name, 'input.idl'));
    l = { workspace, models, reads };
    loaded.set(name, l);
  }
  return l;
}

function iface(name: string, interfaceName: string): InterfaceModel {
  const found = load(name).models.flatMap((m) => m.interfaces).find((i) => i.name === interfaceName);
  if (!found) throw new Error(`fixture ${name} has no interface ${interfaceName}`);
  return found;
}

const slotNames = (i: InterfaceModel) => i.vtable.map((s) => s.name);
const unknownSlots = ['QueryInterface', 'AddRef', 'Release'];
const dispatchSlots = [...unknownSlots, 'GetTypeInfoCount', 'GetTypeInfo', 'GetIDsOfNames', 'Invoke'];

const cases = caseFolders(FIXTURES);

describe('vtable baselines', () => {
  it('finds the fixture cases', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'async-uuid',
        'call-as-twins',
        'chain-of-three',
        'delegate',
        'dispinterface',
        'forward-declarations',
        'imports-diamond',
        'inherited-overload',
        'placeholders',
        'properties',
        'rpc-interface',
        'winrt-generics',
      ]),
    );
  });

  describe.each(cases)('%s', (name) => {
    const dir = path.join(FIXTURES, name);

    it('matches vtables.json', () => {
      expectBaseline(path.join(dir, 'vtables.json'), vtablesBaseline(load(name).models, dir));
    });

    it('is clean: no diagnostics', () => {
      const diagnostics = load(name).models.flatMap((m) => m.diagnostics);
      expect(diagnostics.map((d) => `${displayPath(d.file, dir)}:${d.line}:${d.column}: ${d.code}: ${d.message}`)).toEqual([]);
    });

    it('reads each file once', () => {
      const reads = load(name).reads;
      expect([...reads.values()].every((n) => n === 1)).toBe(true);
      expect(reads.get(path.join(dir, 'input.idl'))).toBe(1);
    });

    it('numbers the slots 0.. without gaps and names each slot once', () => {
      for (const m of load(name).models) {
        for (const i of m.interfaces) {
          expect(i.vtable.map((s) => s.index)).toEqual(i.vtable.map((_, k) => k));
          expect(new Set(slotNames(i)).size).toBe(i.vtable.length);
        }
      }
    });
  });
});

describe('what each case shows', () => {
  it('chain-of-three: base slots first, each slot with the interface that declares it', () => {
    const dog = iface('chain-of-three', 'IDog');
    expect(dog.base).toBe('IMammal');
    expect(dog.iid).toBe('6b29fc40-ca47-1067-b31d-00dd010662dc');
    expect(dog.vtable.map((s) => `${s.index} ${s.declaredIn}::${s.name}`)).toEqual([
      '0 IUnknown::QueryInterface',
      '1 IUnknown::AddRef',
      '2 IUnknown::Release',
      '3 IAnimal::Eat',
      '4 IAnimal::Sleep',
      '5 IMammal::Nurse',
      '6 IDog::Bark',
      '7 IDog::Fetch',
    ]);
    expect(iface('chain-of-three', 'IAnimal').iid).toBe('6b29fc40-ca47-1067-b31d-00dd010662da');
    expect(dog.vtable[6].method.parameters.map((p) => [p.name, p.direction, p.type])).toEqual([
      ['times', 'in', 'ULONG'],
      ['echoes', 'out', 'ULONG *'],
    ]);
    expect(dog.vtable[7].method.parameters[1].retval).toBe(true);
  });

  it('properties: get_, put_ and putref_ slot names; the IDL name is kept', () => {
    const shape = iface('properties', 'IShape');
    expect(slotNames(shape).slice(3)).toEqual(['get_Name', 'put_Name', 'get_Parent', 'putref_Parent', 'put_Parent', 'get_Area']);
    expect(shape.vtable.slice(3).map((s) => s.method.property)).toEqual(['get', 'put', 'get', 'putref', 'put', 'get']);
    expect(shape.vtable[3].method.idlName).toBe('Name');
  });

  it('call-as-twins: a remote twin shares the slot of the local method it names, before or after it', () => {
    const stream = iface('call-as-twins', 'ISequentialStream');
    expect(slotNames(stream)).toEqual([...unknownSlots, 'Read', 'Write', 'Flush']);
    expect(stream.vtable[3].remote?.name).toBe('RemoteRead');
    expect(stream.vtable[4].remote?.name).toBe('RemoteWrite');
    expect(stream.vtable[3].method.local).toBe(true);
    expect(stream.vtable[5].remote).toBeNull();
    expect(stream.methods.map((m) => m.name)).toEqual(['Read', 'RemoteRead', 'RemoteWrite', 'Write', 'Flush']);
  });

  it('inherited-overload: <Interface>_<Method> for a name reused from a base', () => {
    expect(slotNames(iface('inherited-overload', 'IBrush1')).slice(3)).toEqual(['SetOpacity', 'Draw', 'IBrush1_Draw', 'Reset']);
    expect(slotNames(iface('inherited-overload', 'IBrush2')).slice(3)).toEqual([
      'SetOpacity',
      'Draw',
      'IBrush1_Draw',
      'Reset',
      'IBrush2_Draw',
      'Release2',
    ]);
  });

  it("dispinterface: IDispatch's seven slots, either form", () => {
    for (const name of ['DCounterEvents', 'DCounter']) {
      const d = iface('dispinterface', name);
      expect(d.kind).toBe('dispinterface');
      expect(d.base).toBe('IDispatch');
      expect(slotNames(d)).toEqual(dispatchSlots);
    }
    expect(iface('dispinterface', 'DCounterEvents').methods.map((m) => m.name)).toEqual(['Reset', 'Step']);
  });

  it('delegate: IUnknown plus Invoke with the delegate parameters', () => {
    const d = iface('delegate', 'Contoso.Timing.TickHandler');
    expect(d.kind).toBe('delegate');
    expect(d.base).toBe('IUnknown');
    expect(slotNames(d)).toEqual([...unknownSlots, 'Invoke']);
    expect(d.vtable[3].method.parameters.map((p) => p.name)).toEqual(['sender', 'ticks']);
  });

  it('winrt-generics: templates have no vtable; each declared instantiation has one, named once', () => {
    const view = iface('winrt-generics', 'Windows.Foundation.Collections.IVectorView');
    expect(view.templateParameters).toEqual(['T']);
    expect(view.vtable).toEqual([]);
    const handler = iface('winrt-generics', 'Windows.Foundation.EventHandler');
    expect(handler.templateParameters).toEqual(['T']);
    expect(handler.vtable).toEqual([]);
    const names = load('winrt-generics').models[0].interfaces.map((i) => i.name);
    expect(names.filter((n) => n.includes('<'))).toEqual([
      'Windows.Foundation.Collections.IVectorView<Contoso.Shapes.IShape*>',
      'Windows.Foundation.Collections.IVectorView<HSTRING>',
      'Windows.Foundation.EventHandler<Contoso.Shapes.IShape*>',
    ]);
    const inspectable = [...unknownSlots, 'GetIids', 'GetRuntimeClassName', 'GetTrustLevel'];
    expect(slotNames(iface('winrt-generics', 'Windows.Foundation.Collections.IVectorView<HSTRING>'))).toEqual([
      ...inspectable,
      'GetAt',
      'get_Size',
      'IndexOf',
    ]);
    expect(slotNames(iface('winrt-generics', 'Windows.Foundation.EventHandler<Contoso.Shapes.IShape*>'))).toEqual([...unknownSlots, 'Invoke']);
    const shape = iface('winrt-generics', 'Contoso.Shapes.IShape');
    expect(shape.base).toBe('Windows.Foundation.IClosable');
    expect(slotNames(shape)).toEqual([...inspectable, 'Close', 'get_Sides']);
  });

  it('rpc-interface: not a COM interface, no vtable, methods kept', () => {
    const rpc = iface('rpc-interface', 'rpc_echo');
    expect(rpc.object).toBe(false);
    expect(rpc.base).toBeNull();
    expect(rpc.vtable).toEqual([]);
    expect(rpc.methods.map((m) => m.name)).toEqual(['Echo', 'Shutdown']);
  });

  it('imports-diamond: four files, each read once; a file lists only its own interfaces', () => {
    const { models, reads, workspace } = load('imports-diamond');
    const dir = path.join(FIXTURES, 'imports-diamond');
    expect(models.map((m) => displayPath(m.file, dir))).toEqual(['input.idl', 'left.idl', 'base.idl', 'right.idl']);
    expect(models[0].interfaces.map((i) => i.name)).toEqual(['IBoth']);
    expect(models[0].imports.map((p) => displayPath(p, dir))).toEqual(['left.idl', 'right.idl']);
    expect([...reads.keys()].map((p) => displayPath(p, dir)).sort()).toEqual(['base.idl', 'input.idl', 'left.idl', 'right.idl']);
    // Loading an imported file afterwards, or the same file again, reads nothing more.
    const left = workspace.load(path.join(dir, 'left.idl'));
    expect(left).toBe(models[1]);
    expect(workspace.load(path.join(dir, 'input.idl'))).toBe(models[0]);
    expect([...reads.values()]).toEqual([1, 1, 1, 1]);
    // The base interface's model is shared, not rebuilt per importer.
    const both = models[0].interfaces[0];
    expect(slotNames(both)).toEqual([...unknownSlots, 'Left', 'Both']);
    expect(both.vtable[0].method).toBe(models[2].interfaces[0].vtable[0].method);
  });

  it('forward-declarations: only definitions are listed; a forward use resolves to the definition', () => {
    const names = load('forward-declarations').models[0].interfaces.map((i) => i.name);
    expect(names).toEqual(['IUnknown', 'ITree', 'INode', 'ILeaf']);
    expect(slotNames(iface('forward-declarations', 'ILeaf'))).toEqual([...unknownSlots, 'Parent', 'Tree', 'Value']);
  });

  it('placeholders: only the @placeholder tag flags a slot, which keeps its place', () => {
    const r = iface('placeholders', 'IReserved');
    expect(r.vtable.slice(3).map((s) => `${s.index} ${s.name}${s.method.placeholder ? ' (placeholder)' : ''}`)).toEqual([
      '3 First',
      '4 Placeholder4 (placeholder)',
      '5 Placeholder5 (placeholder)',
      '6 Second',
      '7 Placeholder7 (placeholder)',
    ]);
  });

  it('async-uuid: each [async_uuid] interface is followed by its twin, as widl makes it', () => {
    const names = load('async-uuid').models[0].interfaces.map((i) => i.name);
    expect(names).toEqual(['IUnknown', 'IAdviseSink', 'AsyncIAdviseSink', 'IAdviseSink2', 'AsyncIAdviseSink2', 'IMultiQI']);
    const sink = iface('async-uuid', 'IAdviseSink');
    const twin = iface('async-uuid', 'AsyncIAdviseSink');
    expect(sink.asyncInterface).toBe(twin);
    expect(twin.asyncOf).toBe('IAdviseSink');
    expect(twin.iid).toBe('00000150-0000-0000-c000-000000000046');
    expect(twin.base).toBe('IUnknown');
    // The [call_as] remote twin is left out; a [local] method keeps its pair.
    expect(slotNames(twin)).toEqual([...unknownSlots, 'Begin_OnViewChange', 'Finish_OnViewChange', 'Begin_OnClose', 'Finish_OnClose']);
    const twin2 = iface('async-uuid', 'AsyncIAdviseSink2');
    expect(twin2.base).toBe('AsyncIAdviseSink');
    expect(twin2.vtable.slice(0, twin.vtable.length)).toEqual(twin.vtable);
    const exchange = twin2.vtable.filter((s) => s.name.endsWith('_Exchange'));
    // [in] and undirected parameters begin, [out] ones finish, [in, out] ones do both.
    expect(exchange.map((s) => s.method.parameters.map((p) => `${p.name}:${p.direction}`))).toEqual([
      ['given:in', 'both:in', 'plain:in'],
      ['taken:out', 'both:out'],
    ]);
    expect(slotNames(twin2).slice(-4)).toEqual(['get_Begin_Count', 'get_Finish_Count', 'Begin_Nothing', 'Finish_Nothing']);
    expect(iface('async-uuid', 'IMultiQI').asyncInterface).toBeNull();
    // The twin's declaration carries the async_uuid as its uuid, and its methods as members.
    expect(twin.attributes.find((a) => a.name === 'uuid')?.arguments?.[0]).toMatchObject({ value: '00000150-0000-0000-c000-000000000046' });
    expect(twin.declaration).not.toBe(sink.declaration);
    expect(load('async-uuid').workspace.interfaceScope(twin).scope).toBe(load('async-uuid').workspace.interfaceScope(sink).scope);
  });

  it('a method declared C++ style, `HRESULT Nothing() = 0;`, takes its slot', () => {
    expect(slotNames(iface('async-uuid', 'IAdviseSink2')).at(-1)).toBe('Nothing');
  });

  it('a baseline interface has name, kind, base, iid, object and slots, in that order', () => {
    expect(Object.keys(interfaceBaseline(iface('chain-of-three', 'IDog')))).toEqual(['name', 'kind', 'base', 'iid', 'object', 'slots']);
  });
});
