/**
 * The symbol table of generated code: every name a generated file refers to, with where it is declared
 * (TypeScript's globals, the runtime, or a module of one of the library's packages). Types and expressions
 * refer to symbols, not to text, and a file's imports are worked out from the symbols it uses
 * (`imports.ts`).
 */
import type { Library } from './library';
import type { PackageKind } from './package-files';

export type SymbolHome =
  /** Declared by TypeScript's standard library (`Promise`, `Uint8Array`): never imported. */
  | { readonly kind: 'global' }
  /** Exported by `@comidl/runtime`. */
  | { readonly kind: 'runtime' }
  /** Exported by `@comidl/runtime/mocks` (the bases of mocks and fakes; jest-mock is behind it). */
  | { readonly kind: 'runtime-mocks' }
  /** Exported by `@comidl/runtime-native` (what native bindings import; koffi is behind it). */
  | { readonly kind: 'runtime-native' }
  /**
   * Declared by a module of one of the library's generated packages, or, with `scope`, of the packages of a
   * library it uses (`"uses"` in its config), imported as `<scope>/<package>`.
   */
  | { readonly kind: 'package'; readonly package: PackageKind; readonly module: string; readonly scope?: string };

export interface TsSymbol {
  readonly name: string;
  readonly home: SymbolHome;
}

export const RUNTIME_PACKAGE = '@comidl/runtime';
export const RUNTIME_NATIVE_PACKAGE = '@comidl/runtime-native';
export const RUNTIME_MOCKS_ENTRY = '@comidl/runtime/mocks';

const global = (name: string): TsSymbol => ({ name, home: { kind: 'global' } });
const runtime = (name: string): TsSymbol => ({ name, home: { kind: 'runtime' } });
const runtimeMocks = (name: string): TsSymbol => ({ name, home: { kind: 'runtime-mocks' } });

/** The standard library's names that generated code uses. */
export const globalSymbols = {
  Exclude: global('Exclude'),
  Promise: global('Promise'),
  Record: global('Record'),
  Uint8Array: global('Uint8Array'),
} as const;

/** The runtime's names that generated code uses. */
export const runtimeSymbols = {
  ComAsync: runtime('ComAsync'),
  ComAsyncProxy: runtime('ComAsyncProxy'),
  ComMock: runtimeMocks('ComMock'),
  ComMocked: runtimeMocks('ComMocked'),
  ComProxy: runtime('ComProxy'),
  defineProtocol: runtime('defineProtocol'),
  defineProxyStubs: runtime('defineProxyStubs'),
  defineStructs: runtime('defineStructs'),
  defineVtables: runtime('defineVtables'),
  E_NOTIMPL: runtime('E_NOTIMPL'),
  GUID: runtime('GUID'),
  InOut: runtime('InOut'),
  MockOptions: runtimeMocks('MockOptions'),
  Out: runtime('Out'),
  ProtocolDescription: runtime('ProtocolDescription'),
  ProtocolFake: runtimeMocks('ProtocolFake'),
  ProxyStubRecord: runtime('ProxyStubRecord'),
  StructLayout: runtime('StructLayout'),
  StubDispatch: runtime('StubDispatch'),
} as const;

const runtimeNative = (name: string): TsSymbol => ({ name, home: { kind: 'runtime-native' } });

/** The native runtime's names that generated native bindings use. */
export const runtimeNativeSymbols = {
  bindLibrary: runtimeNative('bindLibrary'),
  NativeLibrary: runtimeNative('NativeLibrary'),
  NativeLibraryDescriptor: runtimeNative('NativeLibraryDescriptor'),
  NativeUnknown: runtimeNative('NativeUnknown'),
} as const;

/** The module of the interfaces package that holds the layouts (`vtables`, `structs`). */
export const LAYOUT_MODULE = 'vtables';

/** The symbols of one library: what its interfaces package declares, and what its other packages generate. */
export class LibrarySymbols {
  private readonly declaredSymbols = new Map<string, TsSymbol>();
  private readonly generatedSymbols = new Map<string, TsSymbol>();
  readonly vtables: TsSymbol = { name: 'vtables', home: { kind: 'package', package: 'interfaces', module: LAYOUT_MODULE } };
  readonly structs: TsSymbol = { name: 'structs', home: { kind: 'package', package: 'interfaces', module: LAYOUT_MODULE } };

  constructor(private readonly library: Library) {}

  /** A TypeScript name the interfaces package declares (a typedef, structure, enum, constant, interface or IID); null when none does. */
  declared(tsName: string): TsSymbol | null {
    let symbol = this.declaredSymbols.get(tsName);
    if (!symbol) {
      const module = this.library.moduleOfTsName.get(tsName);
      if (module === undefined) return null;
      symbol = { name: tsName, home: this.home('interfaces', module) };
      this.declaredSymbols.set(tsName, symbol);
    }
    return symbol;
  }

  /** `GUID`: the library's when its IDL declares one, else the runtime's. */
  guid(): TsSymbol {
    return this.declared('GUID') ?? runtimeSymbols.GUID;
  }

  /** A class or function a package generates for a module: `IOSTXProxy` in the proxies package's `ostx`. */
  generated(kind: PackageKind, module: string, name: string): TsSymbol {
    const key = `${kind}/${module}/${name}`;
    let symbol = this.generatedSymbols.get(key);
    if (!symbol) this.generatedSymbols.set(key, (symbol = { name, home: this.home(kind, module) }));
    return symbol;
  }

  /** Where a module's symbols of one package live: this library's package, or a used library's. */
  private home(kind: PackageKind, module: string): SymbolHome {
    const scope = this.library.modules.find((m) => m.name === module)?.external;
    return scope ? { kind: 'package', package: kind, module, scope } : { kind: 'package', package: kind, module };
  }
}
