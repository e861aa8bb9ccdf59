/**
 * Checks interfaces declared in IDL against the spec extracted from the docs.
 *
 * Policy:
 *  - every interface of the spec must be in the IDL views given (interfaces the spec does not describe
 *    are ignored), so pass the views of imported files too (IMAPIProgress is declared with MAPI's own
 *    definitions), or narrow the check with `options.interfaces`;
 *  - IIDs are compared as lowercase GUIDs without braces; a spec interface without a documented IID
 *    (IMAPIProgress) is not checked;
 *  - the IDL's slots are the interface's own methods in declaration order; the first one is compared
 *    with the spec's first own slot (3 for IUnknown-derived interfaces);
 *  - same slot count: slots are compared position by position, so two swapped methods give two
 *    differences; a different count: slots are aligned (longest common subsequence of names, all
 *    placeholders alike) and reported as missing / extra slots and the named methods they shift;
 *  - a placeholder slot matches any IDL slot marked `placeholder`, whatever its name;
 *  - method and parameter names are compared exactly (case-sensitive);
 *  - parameter types are compared with `sameType` (normalized text, `FAR` dropped, pointer typedefs
 *    from SPEC.md expanded; see `type-equivalence.ts`);
 *  - directions are compared only where the docs give one; an IDL parameter without a direction
 *    attribute counts as `[in]`, as in MIDL;
 *  - return types are not compared (the IDL view carries none).
 */
import type { Direction, SpecDocument, SpecInterface, SpecSlot } from '../types';
import { normalizeGuid } from '../extract/iids';
import { DEFAULT_TYPE_ALIASES, sameType } from './type-equivalence';
import type { SpecDifference, SpecDifferenceKind } from './difference';
import { align } from './align';
import { loc, type IdlInterfaceView, type IdlLocation, type IdlSlotView } from './idl-views';

export interface CompareOptions {
  /** Extra pointer typedefs counted as equivalent (added to `DEFAULT_TYPE_ALIASES`). */
  typeAliases?: Readonly<Record<string, string>>;
  /** Spec interfaces to check; default: all of them. */
  interfaces?: readonly string[];
}

type Push = (
  kind: SpecDifferenceKind,
  slot: number | null,
  at: IdlLocation,
  url: string,
  message: string,
  docs: string,
  idl: string,
) => void;

function dirText(d: Direction | null): string {
  return d === null ? 'no direction' : `[${d.replace(',', ', ')}]`;
}

function slotText(s: SpecSlot): string {
  return s.placeholder ? 'a placeholder' : s.name;
}

function idlSlotText(s: IdlSlotView): string {
  return s.placeholder ? 'a placeholder' : s.name;
}

function key(placeholder: boolean, name: string): string {
  return placeholder ? '\u0000placeholder' : name;
}

/** Compares the IDL's interfaces with every interface the spec describes. */
export function compareWithSpec(
  spec: SpecDocument,
  idl: readonly IdlInterfaceView[],
  options: CompareOptions = {},
): SpecDifference[] {
  const aliases = { ...DEFAULT_TYPE_ALIASES, ...(options.typeAliases ?? {}) };
  const out: SpecDifference[] = [];
  for (const si of spec.interfaces) {
    if (options.interfaces !== undefined && !options.interfaces.includes(si.name)) continue;
    const ii = idl.find((x) => x.name === si.name);
    if (ii === undefined) {
      out.push({
        kind: 'missing-interface',
        declaration: si.name,
        slot: null,
        location: null,
        url: si.url,
        message: `interface ${si.name} is not declared, docs describe it`,
        docs: si.name,
        idl: '',
      });
      continue;
    }
    compareInterface(si, ii, aliases, out);
  }
  return out;
}

function compareInterface(
  si: SpecInterface,
  ii: IdlInterfaceView,
  aliases: Readonly<Record<string, string>>,
  out: SpecDifference[],
): void {
  const push: Push = (kind, slot, at, url, message, docs, idl) => {
    out.push({ kind, declaration: si.name, slot, location: loc(at), url, message, docs, idl });
  };

  if (si.iid !== null) {
    const idlIid = ii.iid === null ? null : (normalizeGuid(ii.iid) ?? ii.iid.toLowerCase());
    if (idlIid !== si.iid) {
      push(
        'iid',
        null,
        ii,
        si.iidSource ?? si.url,
        idlIid === null ? `${si.name} has no IID, docs have ${si.iid}` : `${si.name} has IID ${idlIid}, docs have ${si.iid}`,
        si.iid,
        idlIid ?? '',
      );
    }
  }

  const first = si.slots[0]?.index ?? 3;
  const specSlots = si.slots;
  const idlSlots = ii.slots;

  if (specSlots.length === idlSlots.length) {
    specSlots.forEach((s, k) => {
      const d = idlSlots[k]!;
      const index = first + k;
      if (s.placeholder && d.placeholder) return;
      if (s.placeholder !== d.placeholder) {
        push('slot-placeholder', index, d, s.url ?? si.url, `slot ${index} is ${idlSlotText(d)}, docs have ${slotText(s)}`, slotText(s), idlSlotText(d));
        return;
      }
      if (s.name !== d.name) {
        push('slot-name', index, d, s.url ?? si.url, `slot ${index} is ${d.name}, docs have ${s.name}`, s.name, d.name);
        return;
      }
      compareParams(si, s, d, aliases, push, index);
    });
    return;
  }

  push(
    'slot-count',
    null,
    ii,
    si.url,
    `${si.name} has ${idlSlots.length} methods after ${si.base}, docs have ${specSlots.length}`,
    String(specSlots.length),
    String(idlSlots.length),
  );
  const ops = align(
    specSlots.map((s) => key(s.placeholder, s.name)),
    idlSlots.map((d) => key(d.placeholder, d.name)),
  );
  // Where an unmatched slot would sit in the IDL: the next IDL slot, else the last one, else the interface.
  const anchorAt = (pos: number): IdlLocation => idlSlots[pos] ?? idlSlots[idlSlots.length - 1] ?? ii;
  let idlPos = 0;
  const reportedRuns = new Set<number>();
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k]!;
    if (op.kind === 'match') {
      idlPos = op.i + 1;
      const s = specSlots[op.s]!;
      const d = idlSlots[op.i]!;
      const idlIndex = first + op.i;
      if (!s.placeholder && op.s !== op.i) {
        push('slot-shift', idlIndex, d, s.url ?? si.url, `slot ${idlIndex} is ${d.name}, docs have it at slot ${s.index}`, `${s.index} ${s.name}`, `${idlIndex} ${d.name}`);
      }
      if (!s.placeholder) compareParams(si, s, d, aliases, push, idlIndex);
    } else if (op.kind === 'spec') {
      const s = specSlots[op.s]!;
      if (s.placeholder) {
        // report a run of placeholders once: "docs have 4 placeholder slots at 5-8, the IDL has 3"
        let lo = op.s;
        while (lo > 0 && specSlots[lo - 1]!.placeholder) lo--;
        if (reportedRuns.has(lo)) continue;
        reportedRuns.add(lo);
        let hi = op.s;
        while (hi + 1 < specSlots.length && specSlots[hi + 1]!.placeholder) hi++;
        const inRun = ops.filter((o) => o.kind === 'match' && o.s >= lo && o.s <= hi).length;
        const docCount = hi - lo + 1;
        const range = lo === hi ? `${first + lo}` : `${first + lo}-${first + hi}`;
        push(
          'slot-missing',
          first + op.s,
          anchorAt(idlPos),
          si.url,
          `docs have ${docCount} placeholder slot${docCount === 1 ? '' : 's'} at ${range}, the IDL has ${inRun}`,
          `${docCount} placeholders at ${range}`,
          `${inRun} placeholders`,
        );
      } else {
        push('slot-missing', s.index, anchorAt(idlPos), s.url ?? si.url, `docs have ${s.name} at slot ${s.index}, not declared`, s.name, '');
      }
    } else {
      const d = idlSlots[op.i]!;
      idlPos = op.i + 1;
      push('slot-extra', first + op.i, d, si.url, `slot ${first + op.i} is ${idlSlotText(d)}, not in the docs`, '', idlSlotText(d));
    }
  }
}

function compareParams(
  si: SpecInterface,
  s: SpecSlot,
  d: IdlSlotView,
  aliases: Readonly<Record<string, string>>,
  push: Push,
  index: number,
): void {
  const sig = s.signature;
  if (sig === null) return;
  const url = sig.url;
  const who = `${si.name}::${s.name}`;
  if (sig.params.length !== d.params.length) {
    push('param-count', index, d, url, `${who} has ${d.params.length} parameters, docs have ${sig.params.length}`, String(sig.params.length), String(d.params.length));
  }
  const n = Math.min(sig.params.length, d.params.length);
  for (let k = 0; k < n; k++) {
    const sp = sig.params[k]!;
    const dp = d.params[k]!;
    if (sp.name !== dp.name) {
      push('param-name', index, d, url, `${who} parameter ${k + 1} is ${dp.name}, docs have ${sp.name}`, sp.name, dp.name);
    }
    if (!sameType(dp.type, sp.type, aliases)) {
      push('param-type', index, d, url, `${who} parameter ${dp.name} has type ${dp.type}, docs have ${sp.type}`, sp.type, dp.type);
    }
    const dd = dp.direction ?? 'in';
    if (sp.direction !== null && dd !== sp.direction) {
      push(
        'param-direction',
        index,
        d,
        url,
        `${who} parameter ${dp.name} is ${dirText(dd)}, docs have ${dirText(sp.direction)}`,
        dirText(sp.direction),
        dirText(dd),
      );
    }
  }
}
