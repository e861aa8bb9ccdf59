/**
 * What the three emitters share: the library, its type mapper and symbol table, and each interface's method
 * signatures as TypeScript types.
 */
import { fingerprintOf, type InterfaceModel, type MethodModel, type VtableSlot } from '@comidl/model';
import type { GeneratedFile } from './generated-file';
import type { Library } from './library';
import type { CheckedProtocol } from './protocol';
import type { SourcesImports } from './sources-form';
import { bindingName } from './naming';
import { runtimeSymbols, type LibrarySymbols } from './symbols';
import { nonNullable, reference, tsNull, tsUnknown, union, type TsType } from './ts-type';
import { TypeMapper, typeUse, type Marshal, type TypeUse } from './type-mapper';

/** What every emitter is given beside the model: where the packages go and what they were generated from. */
export interface EmitOptions {
  /** npm scope with `@`: `@mapi-sync`. */
  scope: string;
  /** Library name: `mapi-sync`. */
  name: string;
  /** Where the IDL sources live, for headers: `idl/mapi-sync`. */
  source: string;
  /** The library's protocol descriptions, checked: each gives a fake in the mocks package. */
  protocols?: readonly CheckedProtocol[];
  /** The libraries it uses (`"uses"`), deepest first: their packages are imported by scope. */
  uses?: readonly { scope: string; name: string }[];
  /** In the sources form: how the files import the other kinds' folders (by relative paths). */
  sources?: SourcesImports;
}

/**
 * An emitter: the model (the library with its names decided, and what the emitters share) to the files of
 * one output, as structures; pure (the same input gives the same files, and nothing is written or claimed).
 */
export type Emitter = (model: EmitContext, options: EmitOptions) => GeneratedFile[];

export interface ParameterSignature {
  /** The TypeScript binding name (renamed if reserved). */
  name: string;
  idlName: string;
  direction: 'in' | 'out' | 'in,out';
  /** The TypeScript type of the argument: `Out<LPMAPIERROR>`, `ULONG`. */
  type: TsType;
  /** The IDL type as written. */
  idlType: string;
  canonical: string;
  marshal: Marshal;
  retval: boolean;
}

export interface SlotSignature {
  slot: VtableSlot;
  method: MethodModel;
  parameters: ParameterSignature[];
  returns: TsType;
  idlReturns: string;
}

export class EmitContext {
  readonly types: TypeMapper;
  private readonly signatures = new Map<MethodModel, SlotSignature>();
  private readonly fingerprints = new Map<InterfaceModel, string>();

  constructor(readonly library: Library) {
    this.types = new TypeMapper(library);
  }

  /** The names generated code refers to, with where each is declared. */
  get symbols(): LibrarySymbols {
    return this.types.symbols;
  }

  /**
   * A slot's signature, mapped in the namespace of the interface that declares it; a parameterized
   * interface's (the type mapper's `templateParameters` set) is not cached, since its instantiations share its
   * methods.
   */
  signature(slot: VtableSlot): SlotSignature {
    const template = this.types.templateParameters.length > 0;
    const cached = template ? undefined : this.signatures.get(slot.method);
    if (cached) return cached;
    const outer = this.types.namespace;
    this.types.namespace = namespaceOf(slot.declaredIn);
    try {
      const sig = this.mapSignature(slot);
      if (!template) this.signatures.set(slot.method, sig);
      return sig;
    } finally {
      this.types.namespace = outer;
    }
  }

  private mapSignature(slot: VtableSlot): SlotSignature {
    const m = slot.method;
    const idlNames = m.parameters.map((p) => p.name);
    const used = new Set<string>();
    const parameters = m.parameters.map((p): ParameterSignature => {
      let name = bindingName(p.name);
      while (used.has(name)) name += '_';
      used.add(name);
      const use = asPointer(typeUse(p.declaration.specifiers, p.declaration.declarator, p.attributes));
      let type: TsType;
      let marshalUse: TypeUse = use;
      const holder = p.direction === 'out' ? runtimeSymbols.Out : runtimeSymbols.InOut;
      if (p.direction === 'in') {
        type = this.types.typeOf(use);
      } else if (use.pointers >= 1 && p.attributes.some((a) => sizedAttributes.has(a.name))) {
        // `[out, size_is(n)] T *p`: the pointer is the buffer; the callee fills its elements.
        type = reference(holder, nonNullable(this.types.typeOf(use)));
      } else {
        const inner = this.types.pointee(use);
        marshalUse = inner ?? use;
        const iidIs = p.attributes.some((a) => a.name === 'iid_is');
        const unknown = this.types.symbolOf('IUnknown');
        const innerType = iidIs ? (unknown ? union(reference(unknown), tsNull) : tsUnknown) : inner ? this.types.typeOf(inner) : tsUnknown;
        type = reference(holder, innerType);
      }
      return {
        name,
        idlName: p.name,
        direction: p.direction,
        type,
        idlType: p.type,
        canonical: this.types.canonical(use),
        marshal: this.types.marshalOf(marshalUse, idlNames),
        retval: p.retval,
      };
    });
    const returnUse = typeUse(m.declaration.returnType, null);
    const pointerCount = m.declaration.prefix.filter((x) => x.kind === 'pointer').length;
    const returns = this.types.typeOf({ ...returnUse, pointers: pointerCount });
    return { slot, method: m, parameters, returns, idlReturns: m.returnType };
  }

  /** The interface's slots as TypeScript methods: placeholders (never callable) left out. */
  callableSlots(model: InterfaceModel): VtableSlot[] {
    return model.vtable.filter((s) => !s.method.placeholder);
  }

  /** The layout fingerprint the model computes for an interface (its ABI: slots and the structures they reach). */
  fingerprint(model: InterfaceModel): string {
    let f = this.fingerprints.get(model);
    if (!f) {
      f = fingerprintOf(this.library.workspace, model);
      this.fingerprints.set(model, f);
    }
    return f;
  }
}

const sizedAttributes = new Set(['size_is', 'length_is', 'max_is']);

/** The WinRT namespace of a qualified interface name: `Windows.UI` for `Windows.UI.IColors` (and for `Windows.UI.IVector<Windows.UI.Color>`). */
export function namespaceOf(name: string): string {
  const plain = name.replace(/<.*$/, '');
  const dot = plain.lastIndexOf('.');
  return dot < 0 ? '' : plain.slice(0, dot);
}

/**
 * Whether an interface's vtable starts with IUnknown's QueryInterface, AddRef and Release, which a channel
 * answers for every interface it carries (slots 0-2). Interfaces whose base chain does not reach IUnknown
 * (C++-style interfaces such as XAudio2's voices or ID3DInclude, or a library whose IUnknown is not
 * `[object]`) get their TypeScript interface, vtable layout and mock, but no proxy or stub: only COM objects
 * cross a channel.
 */
export function startsWithIUnknown(model: InterfaceModel): boolean {
  const v = model.vtable;
  return v.length >= 3 && v[0].name === 'QueryInterface' && v[1].name === 'AddRef' && v[2].name === 'Release';
}

/**
 * A parameter's array as the pointer it is in C: a conformant array (`T x[]`, `T x[*]`) or one with a size
 * attribute (`[size_is(n)] T x[]`) decays to `T *x`, so both forms map alike (`[out, size_is(n)] T x[]` is
 * `Out<T[]>` like `[out, size_is(n)] T *x`). A fixed array (`T x[4]`) stays an array.
 */
function asPointer(use: TypeUse): TypeUse {
  if (!use.arrays.length) return use;
  const first = use.arrays[0];
  const conformant = first === null || first === '*' || use.attributes.some((a) => sizedAttributes.has(a.name));
  return conformant ? { ...use, pointers: use.pointers + 1, arrays: use.arrays.slice(1) } : use;
}

/** How many slots of an interface's vtable come from its base interfaces. */
export function inheritedCount(model: InterfaceModel): number {
  const first = model.vtable.findIndex((s) => s.declaredIn === model.name);
  return first < 0 ? model.vtable.length : first;
}
