/**
 * IDL types as native descriptors declare them: each type use to its machine type under the Windows data
 * model on every platform (LLP64): `long` 32-bit, `wchar_t` 16-bit, `__int3264` and pointers pointer-sized,
 * enums 32-bit. What a type is in C (typedefs followed, sizes) is the model's (`CTypes`, `Layouts.baseSize`);
 * this maps it to the runtime's `NativeType`. The TypeScript types of @<lib>/interfaces are the type mapper's;
 * the two agree on what a value is (a string for `char *`/`wchar_t *` that is not a sized array, a GUID for
 * a `GUID`, an interface for `IFoo *`).
 */
import type { Attribute, DeclarationSpecifiers, Expression } from '@comidl/parser';
import { isGuidName, sizeAttributes, typeUse, type CTypes, type Layouts, type TypeUse } from '@comidl/model';
import type { Aggregate } from '../library';
import type { NativeScalar, NativeType } from '@comidl/runtime';

/** Why a type has no native form (a structure with it is declared as bytes, a slot with it gets no binding). */
export class Unrepresentable {
  constructor(readonly reason: string) {}
}

export type Mapped = NativeType | Unrepresentable;

export function isUnrepresentable(m: unknown): m is Unrepresentable {
  return m instanceof Unrepresentable;
}

export class NativeTypes {
  constructor(
    private readonly c: CTypes,
    private readonly layouts: Layouts,
    /** The described structure of an aggregate (named, or registered for an inline one), if it is described. */
    private readonly structureName: (node: Aggregate) => string | undefined,
    /** The value of a constant expression (array sizes). */
    private readonly integer: (e: Expression) => number | undefined,
  ) {}

  /** The machine scalar of a base type's words (`unsigned long` -> uint32_t), by the model's sizes. */
  scalarOf(words: string): NativeScalar {
    if (words.includes('double')) return 'double';
    if (words.includes('float')) return 'float';
    const unsigned = words.includes('unsigned') || words === 'byte' || words === 'boolean';
    if (words.includes('__int3264')) return unsigned ? 'uintptr_t' : 'intptr_t';
    switch (this.layouts.baseSize(words)) {
      case 8:
        return unsigned ? 'uint64_t' : 'int64_t';
      case 4:
        return unsigned ? 'uint32_t' : 'int32_t';
      case 2:
        return unsigned || words.includes('wchar_t') ? 'uint16_t' : 'int16_t';
      default:
        return unsigned ? 'uint8_t' : 'int8_t';
    }
  }

  /** The typedef names a use goes through, outermost first (`LPBSTR`, `BSTR`, `OLECHAR`, `WCHAR`). */
  typedefNames(specifiers: DeclarationSpecifiers): string[] {
    const names: string[] = [];
    let s: DeclarationSpecifiers | undefined = specifiers;
    while (s && s.type.kind === 'type-name' && !names.includes(s.type.name) && names.length < 32) {
      names.push(s.type.name);
      const symbol = this.c.scope.type(s.type.name, this.c.namespace);
      s = symbol?.kind === 'typedef' ? symbol.declaration.specifiers : undefined;
    }
    return names;
  }

  /**
   * The use behind one level of pointer (or of array): `LPBSTR` -> `BSTR`, `ULONG *` -> `ULONG`, following a
   * typedef that brings the pointer. Null when there is none.
   */
  peel(use: TypeUse): TypeUse | null {
    if (use.arrays.length) return { ...use, arrays: use.arrays.slice(1), attributes: [] };
    if (use.pointers > 0) return { ...use, pointers: use.pointers - 1, attributes: use.attributes.filter((a) => !sizeAttributes.has(a.name) && a.name !== 'string' && a.name !== 'iid_is') };
    if (use.specifiers.type.kind === 'type-name') {
      const symbol = this.c.scope.type(use.specifiers.type.name, this.c.namespace);
      if (symbol?.kind === 'typedef') {
        const inner = typeUse(symbol.declaration.specifiers, symbol.declaration.declarators[symbol.index] ?? null, symbol.declaration.attributes);
        if (inner.pointers > 0 || inner.arrays.length) return this.peel(inner);
      }
    }
    return null;
  }

  /**
   * The type of a value of `use` where it is stored: a structure field, an array element, what a pointer
   * points to. Pointers to what has no native form are addresses (`opaque`); by-value values without one are
   * Unrepresentable.
   */
  valueType(use: TypeUse): Mapped {
    if (use.arrays.length) return this.arrayType(use);
    const r = this.c.resolveUse(use);
    if (r.pointers === 0) {
      switch (r.kind) {
        case 'int':
        case 'int64':
        case 'float':
        case 'char':
        case 'wchar':
        case 'bool':
          return this.scalarOf(r.name);
        case 'enum':
          return 'int32_t';
        case 'guid':
          return { kind: 'guid' };
        case 'struct': {
          const name = r.node && r.node.kind !== 'enum' ? this.structureName(r.node) : undefined;
          return name === undefined ? new Unrepresentable(`${r.name || 'a structure'} is not described (it has no layout)`) : { kind: 'struct', name };
        }
        case 'unknown':
          if (r.name === 'HANDLE' || r.name === 'handle_t') return { kind: 'opaque' };
          if (r.name === 'error_status_t') return 'uint32_t';
          return new Unrepresentable(`the size of ${r.name || 'a type'} is unknown`);
        default:
          return new Unrepresentable(`a ${r.kind} is not a value`);
      }
    }
    const sized = use.attributes.some((a) => sizeAttributes.has(a.name));
    const stringAttribute = use.attributes.some((a) => a.name === 'string');
    if (r.pointers === 1) {
      if ((r.kind === 'char' || r.kind === 'wchar') && !(sized && !stringAttribute)) {
        return { kind: 'string', encoding: this.typedefNames(use.specifiers).includes('BSTR') ? 'bstr' : r.kind === 'wchar' ? 'utf16' : 'ansi' };
      }
      if (r.kind === 'interface') return { kind: 'interface', name: r.name };
      if (r.kind === 'void' || r.kind === 'function') return { kind: 'opaque' };
    }
    const inner = this.peel(use);
    const to = inner ? this.valueType(inner) : new Unrepresentable('no pointee');
    return isUnrepresentable(to) ? { kind: 'opaque' } : { kind: 'pointer', to };
  }

  /**
   * The element of a sized pointer (`[size_is(n)] T *p`): T, and bytes for `void *` (`[size_is(cb)] void *pv`
   * is cb bytes). Unrepresentable when T has no native form.
   */
  sizedElement(use: TypeUse): Mapped {
    const r = this.c.resolveUse(use);
    if (use.arrays.length === 0 && r.pointers === 1 && r.kind === 'void') return 'uint8_t';
    const inner = this.peel(use);
    return inner ? this.valueType(inner) : new Unrepresentable('it is not a pointer');
  }

  /** `T x[n]` (outermost dimension first): text for one dimension of characters, else arrays of arrays. */
  private arrayType(use: TypeUse): Mapped {
    const lengths: number[] = [];
    for (const a of use.arrays) {
      const n = a === null || a === '*' ? 1 : this.integer(a); // a conformant array is one element in C
      if (n === undefined) return new Unrepresentable('the size of an array cannot be computed');
      if (n === 0) return new Unrepresentable('a zero-length array, which koffi cannot declare');
      lengths.push(n);
    }
    const elementUse: TypeUse = { ...use, arrays: [] };
    const r = this.c.resolveUse(elementUse);
    if (lengths.length === 1 && r.pointers === 0 && (r.kind === 'char' || r.kind === 'wchar')) {
      return { kind: 'text', encoding: r.kind === 'wchar' ? 'utf16' : 'ansi', length: lengths[0] };
    }
    let t = this.valueType(elementUse);
    if (isUnrepresentable(t)) return t;
    for (let i = lengths.length - 1; i >= 0; i--) t = { kind: 'array', of: t, length: lengths[i] };
    return t;
  }

  /** Whether a use names a typedef chain through `name` (`HRESULT`, `BSTR`). */
  goesThrough(specifiers: DeclarationSpecifiers, name: string): boolean {
    return this.typedefNames(specifiers).includes(name);
  }

  /** Whether the value has the model's GUID type (GUID, IID, CLSID). */
  isGuid(use: TypeUse): boolean {
    const r = this.c.resolveUse(use);
    return r.kind === 'guid' || (r.kind === 'struct' && isGuidName(r.name));
  }
}

/** Size attributes that bound an array from elsewhere than its start (`first_is`, `last_is`), or by its last index (`max_is`). */
export const BOUND_ATTRIBUTES = ['max_is', 'first_is', 'last_is'];

/** A size attribute's single argument, when it is a plain name (`size_is(cb)`); null for anything else. */
export function plainSizeName(attributes: readonly Attribute[], name: string): string | null | undefined {
  const a = attributes.find((x) => x.name === name);
  if (!a) return undefined;
  const args = a.arguments ?? [];
  if (args.length !== 1) return null;
  const arg = args[0];
  return arg && arg.kind === 'name' ? arg.name : null;
}
