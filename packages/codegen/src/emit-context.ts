/**
 * What the three emitters share: the library, its type mapper, each interface's method signatures in
 * TypeScript, and import bookkeeping (which names a file uses, from which module).
 */
import { fingerprintOf, type InterfaceModel, type MethodModel, type VtableSlot } from '@comidl/model';
import type { ImportDeclarationStructure } from 'ts-morph';
import { StructureKind } from './structure-kinds';
import type { Library } from './library';
import { bindingName } from './naming';
import { TypeMapper, typeUse, type TypeUse } from './type-mapper';

export interface LibraryNames {
  /** npm scope with `@`: `@mapi-sync`. */
  scope: string;
  /** Library name: `mapi-sync`. */
  name: string;
  /** Where the IDL sources live, for headers: `idl/mapi-sync`. */
  source: string;
}

export interface ParameterSignature {
  /** The TypeScript binding name (renamed if reserved). */
  name: string;
  idlName: string;
  direction: 'in' | 'out' | 'in,out';
  /** The TypeScript type of the argument: `Out<LPMAPIERROR>`, `ULONG`. */
  type: string;
  /** The IDL type as written. */
  idlType: string;
  canonical: string;
  marshal: string;
  retval: boolean;
}

export interface SlotSignature {
  slot: VtableSlot;
  method: MethodModel;
  parameters: ParameterSignature[];
  returns: string;
  idlReturns: string;
}

export class EmitContext {
  readonly types: TypeMapper;
  private readonly signatures = new Map<MethodModel, SlotSignature>();
  private readonly fingerprints = new Map<InterfaceModel, string>();

  constructor(readonly library: Library, readonly names: LibraryNames) {
    this.types = new TypeMapper(library);
  }

  get interfacesPackage(): string {
    return `${this.names.scope}/interfaces`;
  }

  signature(slot: VtableSlot): SlotSignature {
    const cached = this.signatures.get(slot.method);
    if (cached) return cached;
    const m = slot.method;
    const idlNames = m.parameters.map((p) => p.name);
    const used = new Set<string>();
    const parameters = m.parameters.map((p): ParameterSignature => {
      let name = bindingName(p.name);
      while (used.has(name)) name += '_';
      used.add(name);
      const use = typeUse(p.declaration.specifiers, p.declaration.declarator, p.attributes);
      let type: string;
      let marshalUse: TypeUse = use;
      if (p.direction === 'in') {
        type = this.types.typeOf(use);
      } else if (use.pointers >= 1 && p.attributes.some((a) => sizedAttributes.has(a.name))) {
        // `[out, size_is(n)] T *p`: the pointer is the buffer; the callee fills its elements.
        const array = this.types.typeOf(use).replace(/ \| null$/, '');
        type = p.direction === 'out' ? `Out<${array}>` : `InOut<${array}>`;
      } else {
        const inner = this.types.pointee(use);
        marshalUse = inner ?? use;
        const iidIs = p.attributes.some((a) => a.name === 'iid_is');
        const innerType = iidIs ? (this.types.tsName('IUnknown') ? `${this.types.tsName('IUnknown')} | null` : 'unknown') : inner ? this.types.typeOf(inner) : 'unknown';
        type = p.direction === 'out' ? `Out<${innerType}>` : `InOut<${innerType}>`;
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
    const sig: SlotSignature = { slot, method: m, parameters, returns, idlReturns: m.returnType };
    this.signatures.set(m, sig);
    return sig;
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

const identifierPattern = /[A-Za-z_$][A-Za-z0-9_$]*/g;

/** Collects the names a file refers to and produces its import declarations, sorted. */
export class ImportSet {
  private readonly bySource = new Map<string, { types: Set<string>; values: Set<string> }>();

  add(source: string, name: string, typeOnly = true): void {
    let entry = this.bySource.get(source);
    if (!entry) this.bySource.set(source, (entry = { types: new Set(), values: new Set() }));
    (typeOnly ? entry.types : entry.values).add(name);
  }

  /** Adds every library name found in a TypeScript type text, from `from(name)` (or skipped when null). */
  addTypeText(text: string, from: (tsName: string) => string | null): void {
    for (const id of text.match(identifierPattern) ?? []) {
      const source = from(id);
      if (source) this.add(source, id);
    }
  }

  structures(): ImportDeclarationStructure[] {
    return [...this.bySource.entries()]
      .sort(([a], [b]) => (a.startsWith('.') === b.startsWith('.') ? (a < b ? -1 : a > b ? 1 : 0) : a.startsWith('.') ? 1 : -1))
      .flatMap(([moduleSpecifier, { types, values }]) => {
        const out: ImportDeclarationStructure[] = [];
        const onlyTypes = [...types].filter((t) => !values.has(t)).sort();
        if (values.size) out.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier, namedImports: [...values].sort() });
        if (onlyTypes.length) out.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier, isTypeOnly: true, namedImports: onlyTypes });
        return out;
      });
  }
}

/** Types the runtime provides to generated interfaces (GUID only when the IDL declares none). */
export const runtimeTypes = new Set(['Out', 'InOut', 'GUID']);

/**
 * A module-level data declaration (a large object literal) as a statement of its own text: ts-morph
 * re-indents the continuation lines of variable initializers, so data is written pre-formatted instead.
 */
export function dataStatement(doc: readonly string[], declaration: string): string {
  const comment = doc.length === 1 ? `/** ${doc[0]} */\n` : `/**\n${doc.map((l) => ` * ${l}`).join('\n')}\n */\n`;
  return `${comment}${declaration}`;
}

/** How many slots of an interface's vtable come from its base interfaces. */
export function inheritedCount(model: InterfaceModel): number {
  const first = model.vtable.findIndex((s) => s.declaredIn === model.name);
  return first < 0 ? model.vtable.length : first;
}
