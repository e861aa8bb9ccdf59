/**
 * Generated layouts as the runtime builds them: slot indices read from the generated layout and checked,
 * never worked out again; records keyed by IDL names without prototype, so that `__proto__`,
 * `constructor` and `toString` come out as themselves; structure values whose field is named `__proto__`.
 */
import { cloneValue, defineProtocol, defineProxyStubs, defineStructs, defineVtables, freezeData, setMember, zeroStruct, type ProxyStubEntry } from '../src/index.js';

const unknownSlots = [
  { index: 0, name: 'QueryInterface', returns: 'HRESULT' },
  { index: 1, name: 'AddRef', returns: 'ULONG' },
  { index: 2, name: 'Release', returns: 'ULONG' },
];

describe('defineVtables', () => {
  it('takes each slot index from the generated layout, the base slots first', () => {
    const vtables = defineVtables({
      IUnknown: { iid: null, base: null, fingerprint: 'a', slots: unknownSlots },
      IFoo: { iid: null, base: 'IUnknown', fingerprint: 'b', slots: [{ index: 3, name: 'Foo', returns: 'HRESULT' }] },
    });
    expect(vtables.IFoo.slots.map((s) => [s.index, s.name, s.declaredIn])).toEqual([
      [0, 'QueryInterface', 'IUnknown'],
      [1, 'AddRef', 'IUnknown'],
      [2, 'Release', 'IUnknown'],
      [3, 'Foo', 'IFoo'],
    ]);
  });

  it('refuses a layout whose slot index is not where the slot is listed', () => {
    expect(() =>
      defineVtables({
        IUnknown: { iid: null, base: null, fingerprint: 'a', slots: unknownSlots },
        IFoo: { iid: null, base: 'IUnknown', fingerprint: 'b', slots: [{ index: 4, name: 'Foo', returns: 'HRESULT' }] },
      }),
    ).toThrow('vtable of IFoo: slot Foo has index 4 but is listed at 3 (after the 3 slots of IUnknown)');
  });

  it('finds only the interfaces it lists, whatever their names', () => {
    const vtables = defineVtables({
      ['__proto__']: { iid: null, base: null, fingerprint: 'p', slots: unknownSlots },
      constructor: { iid: null, base: '__proto__', fingerprint: 'c', slots: [{ index: 3, name: 'then', method: 'then_', returns: 'HRESULT' }] },
    } as Record<string, Parameters<typeof defineVtables>[0][string]>);
    expect(Object.getPrototypeOf(vtables)).toBeNull();
    expect(Object.keys(vtables)).toEqual(['__proto__', 'constructor']);
    expect(vtables['__proto__'].fingerprint).toBe('p');
    expect(vtables['constructor'].slots[3]).toMatchObject({ name: 'then', method: 'then_', declaredIn: 'constructor' });
    expect(vtables['toString']).toBeUndefined();
  });
});

describe('records of structures, proxies and stubs, and protocol data', () => {
  it('has no prototype, and holds __proto__ as a key like any other', () => {
    const structs = defineStructs({ ['__proto__']: { name: '__proto__', fields: [{ name: '__proto__', type: 'unsigned long', marshal: 'value' }], zero: { ['__proto__']: 0 } } });
    expect(Object.getPrototypeOf(structs)).toBeNull();
    expect(Object.isFrozen(structs['__proto__'])).toBe(true);
    expect(() => zeroStruct(structs, 'constructor')).toThrow('no structure named constructor');
    const zero = zeroStruct<Record<string, unknown>>(structs, '__proto__');
    expect(Object.getPrototypeOf(zero)).toBe(Object.prototype);
    expect(Object.keys(zero)).toEqual(['__proto__']);
    expect(zero['__proto__']).toBe(0);

    const proxyStubs = defineProxyStubs({ toString: {} as ProxyStubEntry });
    expect(Object.getPrototypeOf(proxyStubs)).toBeNull();
    expect(proxyStubs['valueOf']).toBeUndefined();

    const protocol = defineProtocol(JSON.parse('{"kind":"recorder","interface":"I","methods":{"__proto__":{"role":"set","fields":{"a":"__proto__"}}}}'));
    expect(Object.getPrototypeOf(protocol.methods)).toBeNull();
    expect(Object.keys(protocol.methods ?? {})).toEqual(['__proto__']);
    expect((protocol.methods as Record<string, unknown>)['toString']).toBeUndefined();
    expect(Object.isFrozen(protocol.methods)).toBe(true);
  });

  it('copies and sets a member named __proto__ as an own member', () => {
    const value = { ['__proto__']: { x: 1 }, y: 2 };
    const copy = cloneValue(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'y']);
    expect(copy['__proto__']).toEqual({ x: 1 });
    const target: Record<string, unknown> = {};
    setMember(target, '__proto__', 5);
    expect(Object.getOwnPropertyDescriptor(target, '__proto__')?.value).toBe(5);
    expect(Object.getPrototypeOf(freezeData({ a: { b: 1 } }).a)).toBeNull();
  });
});
