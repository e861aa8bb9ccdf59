/**
 * The IID of an instantiated parameterized WinRT interface or delegate (`IVectorView<HSTRING>`), as the
 * Windows Runtime defines it and widl computes it: a name-based UUID (version 5, SHA-1) in the WinRT
 * pinterface namespace over the instance's type signature, `pinterface({template IID};arg;...)`. Each type
 * argument has a signature of its own: `string`, `i4`, `b1`, `{IID}` for an interface,
 * `rc(Name;default interface)` for a runtime class, `enum(Name;i4)`, `struct(Name;field;...)`,
 * `delegate({IID})`, or a nested `pinterface(...)`.
 */
import { createHash } from 'node:crypto';
import type { DeclarationSpecifiers, TypeReference, TypeSpecifier } from '@comidl/parser';
import { hasAttribute, uuidOf } from './attributes';
import type { Scope } from './scope';

/** The namespace the Windows Runtime hashes parameterized type signatures in. */
const PINTERFACE_NAMESPACE = Buffer.from('11f47ad57b7342c0abae878b1e16adee', 'hex');

/** The UUID (version 5) of a signature in the pinterface namespace, lowercase without braces. */
export function signatureIid(signature: string): string {
  const bytes = Buffer.from(createHash('sha1').update(PINTERFACE_NAMESPACE).update(signature, 'utf8').digest().subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** WinRT's fundamental types by their IDL names (typedef names and C keywords). */
const fundamental: Record<string, string> = {
  boolean: 'b1',
  BYTE: 'u1',
  UINT8: 'u1',
  'unsigned char': 'u1',
  byte: 'u1',
  INT16: 'i2',
  short: 'i2',
  UINT16: 'u2',
  'unsigned short': 'u2',
  INT32: 'i4',
  int: 'i4',
  long: 'i4',
  UINT32: 'u4',
  'unsigned int': 'u4',
  'unsigned long': 'u4',
  INT64: 'i8',
  __int64: 'i8',
  hyper: 'i8',
  UINT64: 'u8',
  'unsigned __int64': 'u8',
  'unsigned hyper': 'u8',
  FLOAT: 'f4',
  float: 'f4',
  DOUBLE: 'f8',
  double: 'f8',
  WCHAR: 'c2',
  wchar_t: 'c2',
  HSTRING: 'string',
  GUID: 'g16',
  IInspectable: 'cinterface(IInspectable)',
};

/**
 * The IID of `template<args>`, declared in `namespace`; null when the template has no IID or an argument
 * has no signature we can give (an unknown type, a pointer that is not an object reference).
 */
export function instantiationIid(templateIid: string | null, args: readonly TypeReference[], scope: Scope, namespace: string): string | null {
  const signature = templateIid ? pinterfaceSignature(templateIid, args, scope, namespace, 0) : null;
  return signature === null ? null : signatureIid(signature);
}

function pinterfaceSignature(templateIid: string, args: readonly TypeReference[], scope: Scope, namespace: string, depth: number): string | null {
  const parts: string[] = [];
  for (const a of args) {
    const s = referenceSignature(a.specifiers, scope, namespace, depth + 1);
    if (s === null) return null;
    parts.push(s);
  }
  return `pinterface({${templateIid}};${parts.join(';')})`;
}

function referenceSignature(specifiers: DeclarationSpecifiers, scope: Scope, namespace: string, depth: number): string | null {
  return depth > 32 ? null : typeSignature(specifiers.type, scope, namespace, depth);
}

function typeSignature(t: TypeSpecifier, scope: Scope, namespace: string, depth: number): string | null {
  if (t.kind === 'base-type') return fundamental[t.name] ?? null;
  if (t.kind !== 'type-name') return null;
  if (t.typeArguments) {
    const template = scope.interface(t.name, namespace);
    const iid = template ? uuidOf(template.declaration.attributes) : null;
    return iid ? pinterfaceSignature(iid, t.typeArguments, scope, namespace, depth) : null;
  }
  if (Object.hasOwn(fundamental, t.name)) return fundamental[t.name]!;
  const symbol = scope.type(t.name, namespace);
  const qualified = scope.qualifiedTypeName(t.name, namespace);
  switch (symbol?.kind) {
    case 'interface': {
      const iid = uuidOf(symbol.declaration.attributes);
      return iid ? `{${iid}}` : null;
    }
    case 'delegate': {
      const iid = uuidOf(symbol.declaration.attributes);
      return iid ? `delegate({${iid}})` : null;
    }
    case 'runtimeclass': {
      const members = symbol.declaration.members ?? [];
      const preferred = members.find((m) => hasAttribute(m.attributes, 'default'));
      if (!preferred) return null;
      const inner = typeSignature(preferred.type, scope, namespace, depth + 1);
      return inner === null ? null : `rc(${qualified};${inner})`;
    }
    case 'typedef': {
      // `typedef struct Color Color;` and `typedef enum X X;` name the tag; other typedefs alias a type.
      const d = symbol.declaration.declarators[symbol.index];
      if (!d || d.prefix.length || d.suffixes.length || d.nested) return null;
      const target = symbol.declaration.specifiers.type;
      if (target.kind === 'struct' || target.kind === 'enum') return tagSignature(target.kind, target.name ?? '', scope, namespace, depth);
      return typeSignature(target, scope, namespace, depth + 1);
    }
    default:
      return null;
  }
}

/** `struct(Name;field;...)` or `enum(Name;i4)` (`u4` for a `[flags]` enum), by the tag's declaration. */
function tagSignature(kind: 'struct' | 'enum', tag: string, scope: Scope, namespace: string, depth: number): string | null {
  const found = scope.tag(kind, tag, namespace);
  if (!found) return null;
  if (kind === 'enum') return `enum(${found.qualified};${found.flags ? 'u4' : 'i4'})`;
  const declaration = found.symbol.kind === 'struct' ? found.symbol.declaration : null;
  if (declaration?.kind !== 'struct' || !declaration.members) return null;
  const fields: string[] = [];
  for (const member of declaration.members) {
    if (member.kind !== 'field' || !member.specifiers) return null;
    for (const d of member.declarators) {
      if (d.declarator.prefix.length || d.declarator.suffixes.length) return null;
      const s = typeSignature(member.specifiers.type, scope, namespace, depth + 1);
      if (s === null) return null;
      fields.push(s);
    }
  }
  return `struct(${found.qualified};${fields.join(';')})`;
}
