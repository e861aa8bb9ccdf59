/**
 * The generated packages against the published spec: the vtable of each of the five interfaces, as
 * `@mapi-sync/interfaces` exports it (imported, not re-derived from the IDL), has the slots, IIDs, bases,
 * parameter names and directions of the spec: the committed `idl/mapi-sync/spec.json`, and, when the
 * Microsoft Learn pages are beside the checkout (`../shared/spec/docs`), the spec extracted from them afresh
 * for every language variant. The proxy classes' methods come in the same order.
 */
import { readFileSync } from 'node:fs';
import { parseSpec, type SpecDocument } from '@comidl/learn';
import { vtables, type InterfaceLayoutRecord } from './generated';
import { describeEachVariant, extractVariant, SPEC_JSON } from './docs';
import { IMAPIProgressProxy, IMAPISyncProgressCallbackProxy, IMAPISyncProxy, IOSTXProxy, IPSTXProxy } from '@mapi-sync/proxies';

const FIVE = ['IOSTX', 'IPSTX', 'IMAPISync', 'IMAPISyncProgressCallback', 'IMAPIProgress'] as const;

function expectMatchesSpec(spec: SpecDocument, record: InterfaceLayoutRecord): void {
  for (const name of FIVE) {
    const documented = spec.interfaces.find((i) => i.name === name);
    expect(documented).toBeDefined();
    const layout = record[name];
    expect({ name, base: layout.base }).toEqual({ name, base: documented!.base });
    if (documented!.iid !== null) expect({ name, iid: layout.iid }).toEqual({ name, iid: documented!.iid });
    // Slots 0-2 are IUnknown's; the spec lists the interface's own slots from 3.
    expect(layout.slots.slice(0, 3).map((s) => s.name)).toEqual(['QueryInterface', 'AddRef', 'Release']);
    const own = layout.slots.slice(3);
    expect(own.map((s) => ({ index: s.index, placeholder: s.placeholder }))).toEqual(documented!.slots.map((s) => ({ index: s.index, placeholder: s.placeholder })));
    for (const [i, slot] of documented!.slots.entries()) {
      const mine = own[i];
      if (slot.placeholder) continue;
      expect(`${name}[${mine.index}] ${mine.name}`).toBe(`${name}[${slot.index}] ${slot.name}`);
      const params = slot.signature?.params ?? [];
      expect(mine.parameters.map((p) => p.name)).toEqual(params.map((p) => p.name));
      // Where the page gives a direction, the layout has it.
      params.forEach((p, k) => {
        if (p.direction) expect(`${name}::${slot.name}(${p.name}) ${mine.parameters[k].direction}`).toBe(`${name}::${slot.name}(${p.name}) ${p.direction}`);
      });
    }
  }
}

describe('generated vtables against idl/mapi-sync/spec.json', () => {
  const spec = parseSpec(readFileSync(SPEC_JSON, 'utf8'));

  it('has the five interfaces with the spec\'s slot order, IIDs, bases and parameters', () => {
    expectMatchesSpec(spec, vtables);
  });

  it('fails when a slot moves (the check can fail)', () => {
    const swapped = JSON.parse(JSON.stringify(vtables)) as InterfaceLayoutRecord;
    const slots = swapped['IOSTX'].slots as unknown as { name: string; parameters: unknown[] }[];
    [slots[5].name, slots[6].name] = [slots[6].name, slots[5].name];
    [slots[5].parameters, slots[6].parameters] = [slots[6].parameters, slots[5].parameters];
    expect(() => expectMatchesSpec(spec, swapped)).toThrow(/IOSTX\[5\]/);
  });

  it('orders each proxy class\'s methods as the vtable', () => {
    const classes = { IOSTX: IOSTXProxy, IPSTX: IPSTXProxy, IMAPISync: IMAPISyncProxy, IMAPISyncProgressCallback: IMAPISyncProgressCallbackProxy, IMAPIProgress: IMAPIProgressProxy };
    for (const name of FIVE) {
      const methods = Object.getOwnPropertyNames(classes[name].prototype).filter((m) => m !== 'constructor');
      const callable = vtables[name].slots.filter((s) => s.index >= 3 && !s.placeholder).map((s) => s.name);
      expect({ name, methods }).toEqual({ name, methods: callable });
    }
  });
});

describeEachVariant('generated vtables against the %s pages', (variant) => {
  it('match the spec extracted from the pages', () => {
    expectMatchesSpec(extractVariant(variant), vtables);
  });
});
