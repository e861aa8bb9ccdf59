/**
 * Canonical names for instantiated parameterized WinRT interfaces:
 * `Windows.Foundation.Collections.IVectorView<Windows.Devices.Enumeration.DeviceInformation*>`.
 * Type arguments are resolved to qualified names, pointers follow without spaces.
 */
import type { TypeReference } from '@comidl/parser';
import type { Scope } from './scope';

export function canonicalTypeArgument(t: TypeReference, scope: Scope, namespace: string): string {
  const spec = t.specifiers.type;
  let base: string;
  if (spec.kind === 'type-name') {
    base = scope.qualifiedTypeName(spec.name, namespace);
    if (spec.typeArguments) base += `<${spec.typeArguments.map((a) => canonicalTypeArgument(a, scope, namespace)).join(',')}>`;
  } else if (spec.kind === 'base-type') {
    base = spec.name;
  } else {
    base = spec.kind;
  }
  return base + '*'.repeat(t.pointers.length);
}

export function instantiationName(
  template: string,
  args: readonly TypeReference[],
  scope: Scope,
  namespace: string,
): string {
  return `${template}<${args.map((a) => canonicalTypeArgument(a, scope, namespace)).join(',')}>`;
}
