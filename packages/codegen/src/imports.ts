/**
 * A generated file's imports, from the symbols it uses: every type the file writes is registered here
 * (`type`) and every name it uses as a value (`value`), and `structures()` declares the imports from where
 * each symbol lives (`symbols.ts`): nothing for globals and the file's own module, `./<module>.js` within
 * the package, `<scope>/<package>` for the library's other packages and for a used library's packages (its scope), `@comidl/runtime` for the runtime
 * (`@comidl/runtime/mocks` for the bases of mocks and fakes, `@comidl/runtime-native` for the native one).
 * In the sources form the library's other folders (and a used library's in the sources form too) are
 * imported by relative paths instead (`sources-form.ts`).
 */
import { StructureKind, type ImportDeclarationStructure } from 'ts-morph';
import type { PackageKind } from './package-files';
import { sourcesSpecifier, type SourcesImports } from './sources-form';
import { RUNTIME_MOCKS_ENTRY, RUNTIME_NATIVE_PACKAGE, RUNTIME_PACKAGE, type TsSymbol } from './symbols';
import { forEachSymbol, type TsType } from './ts-type';

export interface FileLocation {
  /** npm scope of the library's packages, with `@`. */
  scope: string;
  package: PackageKind;
  /** The module the file is (`ostx` for `src/ostx.ts`). */
  module: string;
  /** In the sources form: how the other kinds' folders are imported. Absent in the packages form. */
  sources?: SourcesImports;
}

/** What npm accepts as a scope: lowercase, URL-safe. */
const npmScope = /^@[a-z0-9][a-z0-9._~-]*$/;

export class FileImports {
  private readonly bySpecifier = new Map<string, { types: Set<string>; values: Set<string> }>();
  /** Each symbol's import source, worked out once per file (a file uses most of its symbols many times). */
  private readonly specifiers = new Map<TsSymbol, string | null>();

  constructor(private readonly at: FileLocation) {
    // The scope becomes part of module specifiers, which ts-morph writes as they are: only an npm scope may.
    if (!npmScope.test(at.scope)) throw new TypeError(`${JSON.stringify(at.scope)} is not an npm scope (such as @mapi-sync)`);
  }

  /** Registers every symbol `t` refers to as a type use; returns `t`. */
  type(t: TsType): TsType {
    forEachSymbol(t, (s) => this.add(s, false));
    return t;
  }

  /** Registers a symbol used as a value (a class extended, a function called, a constant read); returns its name. */
  value(symbol: TsSymbol): string {
    this.add(symbol, true);
    return symbol.name;
  }

  private add(symbol: TsSymbol, value: boolean): void {
    let specifier = this.specifiers.get(symbol);
    if (specifier === undefined) this.specifiers.set(symbol, (specifier = this.specifier(symbol)));
    if (specifier === null) return;
    let entry = this.bySpecifier.get(specifier);
    if (!entry) this.bySpecifier.set(specifier, (entry = { types: new Set(), values: new Set() }));
    (value ? entry.values : entry.types).add(symbol.name);
  }

  /** Where this file imports a symbol from; null when it needs no import. */
  private specifier(symbol: TsSymbol): string | null {
    const home = symbol.home;
    switch (home.kind) {
      case 'global':
        return null;
      case 'runtime':
        return RUNTIME_PACKAGE;
      case 'runtime-native':
        return RUNTIME_NATIVE_PACKAGE;
      case 'runtime-mocks':
        return RUNTIME_MOCKS_ENTRY;
      case 'package': {
        const sources = this.at.sources;
        if (home.scope !== undefined && home.scope !== this.at.scope) {
          const used = sources?.usedSources.get(home.scope);
          return used !== undefined ? sourcesSpecifier(used, home.package, home.module) : `${home.scope}/${home.package}`;
        }
        if (home.package !== this.at.package) return sources ? sourcesSpecifier(null, home.package, home.module) : `${this.at.scope}/${home.package}`;
        return home.module === this.at.module ? null : `./${home.module}.js`;
      }
    }
  }

  /**
   * The import declarations, packages first, then the package's own modules, each sorted; per source the
   * values, then (`import type`) the names used only as types, each list sorted.
   */
  structures(): ImportDeclarationStructure[] {
    const relative = (s: string) => s.startsWith('.');
    return [...this.bySpecifier.entries()]
      .sort(([a], [b]) => (relative(a) === relative(b) ? (a < b ? -1 : a > b ? 1 : 0) : relative(a) ? 1 : -1))
      .flatMap(([moduleSpecifier, { types, values }]) => {
        const out: ImportDeclarationStructure[] = [];
        const onlyTypes = [...types].filter((t) => !values.has(t)).sort();
        if (values.size) out.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier, namedImports: [...values].sort() });
        if (onlyTypes.length) out.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier, isTypeOnly: true, namedImports: onlyTypes });
        return out;
      });
  }
}
