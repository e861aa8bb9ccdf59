/**
 * A library's native descriptor, as data, with the warnings its generation gives: the structures
 * (`native-structures.ts`), then the interfaces and their slots (`native-interfaces.ts`), with the live views
 * of the library's protocol descriptions (`protocol-views.ts`). No ts-morph: the native emitter prints it, and
 * tools read it.
 */
import type { Diagnostic } from '@comidl/parser';
import type { Library } from '../library';
import type { CheckedProtocol } from '../protocol';
import type { NativeLibraryDescriptor } from '@comidl/runtime';
import { NativeInterfaces, type DescribedInterface } from './native-interfaces';
import { NativeStructures } from './native-structures';
import { protocolViews } from './protocol-views';

export interface NativeLibraryPlan {
  readonly descriptor: NativeLibraryDescriptor;
  /** The described interfaces, bases first, with their models (for the `<I>Native` classes). */
  readonly interfaces: readonly DescribedInterface[];
  /** Warnings (N001-N005), in IDL order of what they are about: structures first, then interfaces. */
  readonly warnings: readonly Diagnostic[];
}

export function nativeLibraryPlan(library: Library, name: string, protocols: readonly CheckedProtocol[] = []): NativeLibraryPlan {
  const structures = new NativeStructures(library);
  const described = structures.describeLibrary();
  const interfaces = new NativeInterfaces(library, structures, described, protocolViews(protocols));
  const plans = interfaces.describeLibrary();
  return {
    descriptor: { name, structures: described, interfaces: plans.map((p) => p.descriptor) },
    interfaces: plans,
    warnings: [...structures.warnings, ...interfaces.warnings],
  };
}
