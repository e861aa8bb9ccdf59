/**
 * The interfaces of a native descriptor: every interface of the library with an IID and a vtable (IUnknown's
 * own three slots are the runtime's), bases first, each with its own slots in vtable order: the C type of each
 * parameter, `size_is`/`iid_is` as parameter indices, the deallocator of callee-allocated [out] memory (from a
 * `@free <parameter> <deallocator>` tag in the method's doc comment: the IDL cannot say it, and the IDL must
 * stay what widl compiles), and the live views protocol descriptions give.
 *
 * A slot whose native signature cannot be represented gets no binding: a placeholder (quietly: its signature
 * is not published), and with warning N001 a signature the runtime does not express (an array whose size or
 * length cannot be known, a structure with pointers passed by value, a return type that is not an integer),
 * or a `@free` tag it cannot follow. The rules of what the runtime expresses are its own (runtime-native's
 * caller.ts and by-value.ts) and are followed here, so that every slot bound here is bound there; the native
 * conformance check binds every generated descriptor and compares the two.
 */
import type { Diagnostic } from '@comidl/parser';
import { returnUse, typeUse, type InterfaceModel, type ParameterModel, type VtableSlot } from '@comidl/model';
import type { NativeAllocatorName, NativeInterface, NativeParameter, NativeReturn, NativeSlot, NativeStructure, NativeType } from '@comidl/runtime';
import { inheritedCount } from '../emit-context';
import type { Library } from '../library';
import { methodKey } from '../naming';
import type { NativeStructures } from './native-structures';
import { BOUND_ATTRIBUTES, isUnrepresentable, plainSizeName, Unrepresentable } from './native-types';
import type { ProtocolView } from './protocol-views';
import { NATIVE_WARNINGS, nativeWarning } from './warnings';

/** The deallocators the native runtime knows, which a `@free` tag may name. */
const NATIVE_ALLOCATORS: readonly NativeAllocatorName[] = ['CoTaskMemFree', 'SysFreeString', 'MAPIFreeBuffer'];

export const PLACEHOLDER_REASON = 'a placeholder slot: its name and signature are not published';

/** A described interface, with what its class needs. */
export interface DescribedInterface {
  readonly model: InterfaceModel;
  readonly descriptor: NativeInterface;
  /** The described base, or null for IUnknown (the runtime's NativeUnknown). */
  readonly base: InterfaceModel | null;
}

export class NativeInterfaces {
  readonly warnings: Diagnostic[] = [];
  private readonly structures: ReadonlyMap<string, NativeStructure>;

  constructor(
    private readonly library: Library,
    private readonly native: NativeStructures,
    described: readonly NativeStructure[],
    private readonly views: ReadonlyMap<string, ReadonlyMap<string, ProtocolView>>,
  ) {
    this.structures = new Map(described.map((s) => [s.name, s]));
  }

  /** Every interface that can be described, bases before the interfaces that derive from them. */
  describeLibrary(): DescribedInterface[] {
    const out: DescribedInterface[] = [];
    const done = new Map<string, InterfaceModel>();
    let pending = this.library.interfaces.filter((m) => m.name !== 'IUnknown');
    for (let progress = true; progress && pending.length > 0; ) {
      progress = false;
      const later: InterfaceModel[] = [];
      for (const model of pending) {
        const baseName = model.kind === 'dispinterface' ? 'IDispatch' : (model.base ?? 'IUnknown');
        const base = baseName === 'IUnknown' ? null : done.get(baseName);
        if (base === undefined) {
          later.push(model);
          continue;
        }
        progress = true;
        // Without an IID it cannot be asked for: left out quietly, since the front end says so (M005).
        if (!model.iid) continue;
        done.set(model.name, model);
        out.push({ model, base, descriptor: { name: model.name, iid: model.iid, base: baseName, slots: this.slots(model) } });
      }
      pending = later;
    }
    for (const model of pending) {
      const baseName = model.kind === 'dispinterface' ? 'IDispatch' : model.base;
      this.warn(model, NATIVE_WARNINGS.interface, model.span, `interface ${model.name} is not described: its base ${baseName} is not; its pointers are read as IUnknown`);
    }
    return out;
  }

  private slots(model: InterfaceModel): NativeSlot[] {
    if (model.kind === 'dispinterface') {
      for (const m of model.methods) {
        this.warn(model, NATIVE_WARNINGS.slot, m.span, `${model.name}::${m.name} has no binding: a dispinterface's methods are called through IDispatch::Invoke, not a vtable slot`);
      }
    }
    return model.vtable.slice(inheritedCount(model)).map((slot) => {
      const s = this.slot(model, slot);
      if (s.unsupported !== undefined && !slot.method.placeholder) {
        this.warn(model, NATIVE_WARNINGS.slot, slot.method.span, `${model.name}::${slot.name} (vtable slot ${slot.index}) has no binding: ${s.unsupported}; calling it answers E_NOTIMPL`);
      }
      return s;
    });
  }

  private slot(model: InterfaceModel, slot: VtableSlot): NativeSlot {
    const m = slot.method;
    const key = methodKey(slot.name);
    const head = { name: slot.name, ...(key !== slot.name ? { method: key } : {}) };
    if (m.placeholder) return { ...head, returns: 'HRESULT', parameters: [], unsupported: PLACEHOLDER_REASON };
    const returns = this.returns(m.declaration);
    const parameters: NativeParameter[] = [];
    let reason = isUnrepresentable(returns) ? returns.reason : undefined;
    for (const p of m.parameters) {
      const described = this.parameter(p, m.parameters);
      if (isUnrepresentable(described)) {
        reason ??= `${p.name}: ${described.reason}`;
        parameters.push({ name: p.name, direction: p.direction, type: { kind: 'opaque' } });
      } else {
        parameters.push(described);
      }
    }
    const free = this.freeTags(m.doc ?? '', parameters);
    if (typeof free === 'string') reason ??= free;
    else for (const [i, allocator] of free) parameters[i] = { ...parameters[i], free: allocator };
    const view = this.views.get(model.name)?.get(slot.name);
    if (view) {
      const attached = this.attachView(view, parameters, model);
      if (typeof attached === 'string') reason ??= attached;
    }
    if (reason === undefined) reason = this.runtimeLimit(parameters);
    return { ...head, returns: isUnrepresentable(returns) ? 'HRESULT' : returns, parameters, ...(reason !== undefined ? { unsupported: reason } : {}) };
  }

  private returns(method: VtableSlot['method']['declaration']): NativeReturn | Unrepresentable {
    const use = returnUse(method);
    const types = this.native.types;
    if (use.pointers === 0 && types.goesThrough(use.specifiers, 'HRESULT')) return 'HRESULT';
    if (use.pointers === 0 && use.specifiers.type.kind === 'base-type' && use.specifiers.type.name === 'void') return 'void';
    const t = types.valueType(use);
    if (typeof t === 'string') return t;
    // An address (`void *`, a HANDLE) comes back as a pointer-sized integer: a bigint, as the TypeScript type allows.
    if (!isUnrepresentable(t) && t.kind === 'opaque') return 'uintptr_t';
    const what = isUnrepresentable(t) ? 'a value without a native form' : t.kind === 'struct' ? `a ${t.name} by value` : t.kind === 'interface' ? 'an interface pointer' : t.kind === 'string' ? 'a string' : 'a pointer';
    return new Unrepresentable(`it returns ${what}, not an HRESULT, an integer or an address`);
  }

  /**
   * A parameter: its C type as declared (an array parameter is the pointer C passes), `size_is` as the index
   * of the [in] integer parameter that counts the elements (`[size_is(cb)] void *` is cb bytes), `iid_is` as
   * the index of the IID's. `length_is` needs nothing: an [in] array is passed whole, and an [out] one comes
   * back whole, zero past what the callee wrote (the caller's memory is zero-filled before the call).
   */
  private parameter(p: ParameterModel, all: readonly ParameterModel[]): NativeParameter | Unrepresentable {
    const types = this.native.types;
    const use = typeUse(p.declaration.specifiers, p.declaration.declarator, p.attributes);
    const mapped = types.valueType(use);
    if (isUnrepresentable(mapped)) return mapped;
    const out: { -readonly [K in keyof NativeParameter]: NativeParameter[K] } = { name: p.name, direction: p.direction, type: use.arrays.length ? { kind: 'pointer', to: mapped } : mapped };
    const bound = BOUND_ATTRIBUTES.find((a) => p.attributes.some((x) => x.name === a));
    if (bound) return new Unrepresentable(`an array that ${bound} bounds`);
    const size = plainSizeName(p.attributes, 'size_is');
    if (size !== undefined) {
      const count = size === null ? -1 : all.findIndex((q) => q.name === size);
      const countType = count >= 0 ? types.valueType(typeUse(all[count].declaration.specifiers, all[count].declaration.declarator, all[count].attributes)) : undefined;
      if (count < 0 || all[count].direction !== 'in' || typeof countType !== 'string') {
        // Untyped memory of a size given otherwise (`[size_is(1)] void *reserved`) is an address, as declared.
        if (typeof mapped !== 'string' && mapped.kind === 'opaque') return out;
        return new Unrepresentable('an array whose size cannot be known (size_is names no [in] integer parameter)');
      }
      const element = use.arrays.length ? mapped : types.sizedElement(use);
      if (isUnrepresentable(element)) return element;
      out.type = { kind: 'pointer', to: use.arrays.length && typeof mapped !== 'string' && mapped.kind === 'array' ? mapped.of : element };
      out.sizeIs = count;
    }
    const iid = plainSizeName(p.attributes, 'iid_is');
    if (iid !== undefined) {
      const index = iid === null ? -1 : all.findIndex((q) => q.name === iid);
      if (index < 0 || all[index].direction !== 'in') return new Unrepresentable('iid_is names no [in] parameter');
      out.iidIs = index;
    }
    return out;
  }

  /** `@free <parameter> <deallocator>` tags: the deallocator per parameter index, or why one cannot be used. */
  private freeTags(doc: string, parameters: readonly NativeParameter[]): Map<number, NativeAllocatorName> | string {
    const out = new Map<number, NativeAllocatorName>();
    for (const match of doc.matchAll(/@free\b\s*(\S*)\s*(\S*)/g)) {
      const [, name, allocator] = match;
      const i = parameters.findIndex((p) => p.name === name);
      if (i < 0) return `its @free tag names ${name ? `no parameter ${name}` : 'no parameter'}`;
      if (parameters[i].direction === 'in') return `its @free tag names [in] parameter ${name}, and only memory the callee allocates is freed`;
      if (!(NATIVE_ALLOCATORS as readonly string[]).includes(allocator)) return `its @free tag names ${allocator ? `the deallocator ${allocator}` : 'no deallocator'} for ${name}, which is none of ${NATIVE_ALLOCATORS.join(', ')}`;
      out.set(i, allocator as NativeAllocatorName);
    }
    return out;
  }

  /** Puts a protocol's view on its parameter; why not, when the description and the signature disagree. */
  private attachView(view: ProtocolView, parameters: NativeParameter[], model: InterfaceModel): string | undefined {
    const i = parameters.findIndex((p) => p.name === view.parameter);
    const p = parameters[i];
    const t = p?.type;
    if (!p || p.direction === 'in' || typeof t === 'string' || t.kind !== 'pointer' || typeof t.to === 'string' || t.to.kind !== 'opaque') {
      return `${view.file} hands out a structure through ${view.parameter}, which is not a [out] void **`;
    }
    if (!model.vtable.some((s) => s.name === view.endedBy)) return `${view.file}: ${view.endedBy}, which ends the view, is not a slot of ${model.name}`;
    const named = [view.structure, ...Object.values(view.structures ?? {})].filter((n): n is string => n !== undefined);
    const missing = named.find((n) => !this.structures.has(n) || this.structures.get(n)!.opaque !== undefined);
    if (missing) return `${view.file} hands out ${missing}, which is not described field by field`;
    const selector = view.selector === undefined ? -1 : parameters.findIndex((q) => q.name === view.selector);
    if (view.selector !== undefined && (selector < 0 || parameters[selector].direction !== 'in')) return `${view.file}: the state parameter ${view.selector} is not an [in] parameter`;
    parameters[i] = {
      ...p,
      view: { ...(view.structure !== undefined ? { structure: view.structure } : { selector, structures: view.structures! }), endedBy: view.endedBy },
    };
    return undefined;
  }

  /** What runtime-native does not express (caller.ts's planning, by-value.ts), by the same rules. */
  private runtimeLimit(parameters: readonly NativeParameter[]): string | undefined {
    for (const p of parameters) {
      const t = p.type;
      if (p.direction === 'in') {
        if (typeof t === 'string') continue;
        if (t.kind === 'array' || t.kind === 'text') return `[in] ${p.name}: a ${t.kind} is not passed by value`;
        if (t.kind === 'struct' && !this.plain(t)) return `[in] ${p.name}: a ${t.name} passed by value holds a pointer`;
        continue;
      }
      if (typeof t === 'string' || t.kind !== 'pointer') return `[${p.direction}] ${p.name} is not a pointer`;
      if (p.sizeIs !== undefined && p.direction !== 'out') return `[in, out, size_is] ${p.name} is not supported`;
      const to = t.to;
      if (typeof to === 'string') continue;
      if (to.kind === 'pointer' && p.direction !== 'out') return `[in, out] ${p.name}: a pointer to callee-allocated memory is not supported`;
      if (to.kind === 'array' || to.kind === 'text') return `[${p.direction}] ${p.name}: a pointer to ${to.kind} is not supported`;
    }
    return undefined;
  }

  /** Whether a value of `t` holds no pointer (what a structure passed by value may hold). */
  private plain(t: NativeType): boolean {
    if (typeof t === 'string') return true;
    switch (t.kind) {
      case 'guid':
      case 'text':
        return true;
      case 'array':
        return this.plain(t.of);
      case 'struct': {
        const s = this.structures.get(t.name);
        return s !== undefined && (s.opaque !== undefined || s.fields.every((f) => f.sizeIs === undefined && this.plain(f.type)));
      }
      default:
        return false;
    }
  }

  private warn(model: InterfaceModel, code: Parameters<typeof nativeWarning>[0], span: { line: number; column: number }, message: string): void {
    const module = this.library.modules.find((m) => m.name === this.library.symbols.get(model.name)?.module);
    this.warnings.push(nativeWarning(code, module?.source ?? model.file, span, message, `interface ${model.name}`));
  }
}
