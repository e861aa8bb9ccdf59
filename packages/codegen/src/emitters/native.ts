/**
 * The native emitter: `@<lib>/native`, bindings to native COM objects through their vtables, in the format
 * of @comidl/runtime-native's descriptor contract (its `descriptor.ts` and README):
 *
 * - `descriptor.ts`: `<lib>NativeDescriptor`, the library's structures (machine types, the model's layouts for
 *   4- and 8-byte pointers) and interfaces (IIDs, bases, slots with their parameters' C types), as data;
 * - `library.ts`: `<lib>Native = bindLibrary(<lib>NativeDescriptor)`, over the used libraries' bound
 *   descriptors (`{ uses: [<used>Native] }`), which describe their interfaces: the descriptor leaves them out,
 *   and their pointers come back as the used native packages' `<I>Native` classes;
 * - per IDL module with described interfaces, the `<I>Native` classes: each implements `I` of @<lib>/interfaces
 *   (extending its base's class, NativeUnknown at the root), a method per slot calling the slot's invoker,
 *   and `<lib>Native.implement('<I>', <I>Native)`.
 *
 * What the IDL cannot say comes from elsewhere: deallocators from `@free` doc tags, live views from protocol
 * descriptions (`../native/`). Warnings go to `options.warnings`.
 */
import type { Diagnostic } from '@comidl/parser';
import { StructureKind, type ClassDeclarationStructure, type MethodDeclarationStructure, type StatementStructures, type WriterFunction } from 'ts-morph';
import { inheritedCount, type EmitContext, type EmitOptions } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { generatedHeader } from '../header';
import { FileImports } from '../imports';
import { interfacesOfModule } from '../library';
import { lines, type Literal, type LiteralObject } from '../literal';
import { literalWriter, writeString } from '../literal-writer';
import { identifier, methodName } from '../naming';
import type { NativeLibraryDescriptor, NativeStructure, NativeSlot } from '@comidl/runtime';
import { nativeLibraryPlan } from '../native/native-descriptor';
import type { DescribedInterface } from '../native/native-interfaces';
import { runtimeNativeSymbols } from '../symbols';
import { reference } from '../ts-type';
import { typeWriter } from '../type-writer';
import { EXPORTED_CONST, docs, indexFile } from './code';
import { interfaceSymbol } from './proxies';

export interface NativeOptions extends EmitOptions {
  /** Where the warnings of native generation go (N001-N005). */
  warnings?: Diagnostic[];
}

/** The modules of the package's own, beside the IDL modules (the library reserves their names). */
export const DESCRIPTOR_MODULE = 'descriptor';
export const LIBRARY_MODULE = 'library';

/** `mapi-sync` -> `mapiSyncNative`: the name of a library's bound descriptors. */
export function nativeLibraryName(name: string): string {
  const camel = name.replace(/-+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return identifier(`${camel}Native`);
}

export function emitNative(ctx: EmitContext, options: NativeOptions): GeneratedFile[] {
  const { library, symbols } = ctx;
  const plan = nativeLibraryPlan(library, options.name, options.protocols ?? []);
  options.warnings?.push(...plan.warnings);
  const bound = nativeLibraryName(options.name);
  const descriptorName = `${bound}Descriptor`;
  const described = new Map(plan.interfaces.map((d) => [d.model.name, d]));
  const classNames = nativeClassNames(ctx, plan.interfaces);
  // A used library's interfaces are described (and bound, and their classes implemented) by its own package.
  const theirs = new Set(library.modules.filter((m) => m.external).flatMap((m) => interfacesOfModule(library, m.name).map((i) => i.name)));
  const descriptor = { ...plan.descriptor, interfaces: plan.descriptor.interfaces.filter((i) => !theirs.has(i.name)) };
  const files: GeneratedFile[] = [descriptorFile(options, descriptor, descriptorName), libraryFile(ctx, options, bound, descriptorName)];
  const boundSymbol = symbols.generated('native', LIBRARY_MODULE, bound);
  for (const module of library.modules) {
    const models = interfacesOfModule(library, module.name).filter((m) => described.has(m.name));
    // A used library's native package has the classes of its modules.
    if (!models.length || module.external) continue;
    const imports = new FileImports({ scope: options.scope, sources: options.sources, package: 'native', module: module.name });
    const statements: (StatementStructures | WriterFunction)[] = [];
    for (const model of models) statements.push(nativeClass(ctx, imports, described.get(model.name)!, classNames, module.source));
    const lib = imports.value(boundSymbol);
    for (const model of models) {
      const cls = imports.value(symbols.generated('native', module.name, classNames.get(model.name)!));
      statements.push((w) => {
        w.write(lib).write('.implement(');
        writeString(w, model.name);
        w.write(', ').write(cls).write(');');
      });
    }
    files.push({ path: `src/${module.name}.ts`, content: { kind: 'ts', header: generatedHeader(module.source), statements: [...imports.structures(), ...statements] } });
  }
  files.push(indexFile(options, files));
  return files;
}

/** Each described interface's class name: `<I>Native`, as the library's naming decided it. */
function nativeClassNames(ctx: EmitContext, interfaces: readonly DescribedInterface[]): Map<string, string> {
  return new Map(interfaces.map(({ model }) => [model.name, ctx.library.naming.generated(model).native]));
}

function nativeClass(ctx: EmitContext, imports: FileImports, d: DescribedInterface, classNames: Map<string, string>, source: string): ClassDeclarationStructure {
  const { model, descriptor } = d;
  const itf = imports.type(reference(interfaceSymbol(ctx, model)));
  const baseClass = d.base
    ? imports.value(ctx.symbols.generated('native', ctx.library.symbols.get(d.base.name)!.module, classNames.get(d.base.name)!))
    : imports.value(runtimeNativeSymbols.NativeUnknown);
  const own = model.vtable.slice(inheritedCount(model));
  const methods: MethodDeclarationStructure[] = [];
  own.forEach((slot, i) => {
    if (slot.method.placeholder) return;
    const sig = ctx.signature(slot);
    const native: NativeSlot = descriptor.slots[i];
    methods.push({
      kind: StructureKind.Method,
      name: methodName(slot.name),
      parameters: sig.parameters.map((p) => ({ name: p.name, type: typeWriter(imports.type(p.type)) })),
      returnType: typeWriter(imports.type(sig.returns)),
      statements: (w) => {
        w.write('return this.$invoke[').write(String(slot.index)).write('](this');
        for (const p of sig.parameters) w.write(', ').write(p.name);
        w.write(');');
      },
      docs: docs([
        `${model.name}::${slot.name}, vtable slot ${slot.index} (${source}:${slot.method.span.line}).`,
        ...(native.unsupported !== undefined ? [`No binding (${native.unsupported}): answers E_NOTIMPL without calling native code.`] : []),
      ]),
    });
  });
  const placeholders = own.filter((s) => s.method.placeholder).map((s) => s.index);
  return {
    kind: StructureKind.Class,
    isExported: true,
    name: classNames.get(model.name)!,
    extends: baseClass,
    implements: [typeWriter(itf)],
    methods,
    docs: docs([
      `Calls ${model.name} on a native object through its vtable: \`fromPointer(p)\` (a reference of its own) or \`attach(p)\` (the caller's); one wrapper per object, holding one reference until \`Release()\`.`,
      `@generated from ${model.kind} ${model.name} (${source}:${model.span.line}), IID ${model.iid}` +
        (placeholders.length ? `; reserved ${placeholders.length === 1 ? 'slot' : 'slots'} ${placeholders.join(', ')} ${placeholders.length === 1 ? 'answers' : 'answer'} E_NOTIMPL` : ''),
    ]),
  };
}

function descriptorFile(options: EmitOptions, descriptor: NativeLibraryDescriptor, name: string): GeneratedFile {
  const imports = new FileImports({ scope: options.scope, sources: options.sources, package: 'native', module: DESCRIPTOR_MODULE });
  const type = imports.type(reference(runtimeNativeSymbols.NativeLibraryDescriptor));
  return {
    path: `src/${DESCRIPTOR_MODULE}.ts`,
    content: {
      kind: 'ts',
      header: generatedHeader(options.source),
      statements: [
        ...imports.structures(),
        {
          ...EXPORTED_CONST,
          declarations: [{ name, type: typeWriter(type), initializer: literalWriter(descriptorLiteral(descriptor)) }],
          docs: docs([
            `The native descriptors of ${options.source}: each structure's fields by machine type under the Windows data model with the model's layouts (4- and 8-byte pointers), each interface's IID, base and slots with their parameters' C types.`,
          ]),
        },
      ],
    },
  };
}

function libraryFile(ctx: EmitContext, options: EmitOptions, bound: string, descriptorName: string): GeneratedFile {
  const imports = new FileImports({ scope: options.scope, sources: options.sources, package: 'native', module: LIBRARY_MODULE });
  const bind = imports.value(runtimeNativeSymbols.bindLibrary);
  const type = imports.type(reference(runtimeNativeSymbols.NativeLibrary));
  const descriptor = imports.value(ctx.symbols.generated('native', DESCRIPTOR_MODULE, descriptorName));
  const used = (options.uses ?? []).map((u) =>
    imports.value({ name: nativeLibraryName(u.name), home: { kind: 'package', package: 'native', module: LIBRARY_MODULE, scope: u.scope } }),
  );
  return {
    path: `src/${LIBRARY_MODULE}.ts`,
    content: {
      kind: 'ts',
      header: generatedHeader(options.source),
      statements: [
        ...imports.structures(),
        {
          ...EXPORTED_CONST,
          declarations: [
            {
              name: bound,
              type: typeWriter(type),
              initializer: (w) => w.write(bind).write('(').write(descriptor).write(used.length ? `, { uses: [${used.join(', ')}] })` : ')'),
            },
          ],
          docs: docs([
            `${options.name}'s descriptors bound (koffi declarations, slot prototypes with the COM calling convention): \`exportObject\`, \`releaseInterface\`, \`allocateStructure\`, \`unsupportedSlots()\`...`,
          ]),
        },
      ],
    },
  };
}

/** The descriptor laid out for reading: a structure, an interface and a slot per line group, fields and parameters a line each. */
function descriptorLiteral(d: NativeLibraryDescriptor): Literal {
  const layoutOf = (s: NativeStructure): Literal | undefined => (s.layout ? { '4': s.layout['4'] as unknown as LiteralObject, '8': s.layout['8'] as unknown as LiteralObject } : undefined);
  return lines({
    name: d.name,
    structures: lines(
      d.structures.map((s) =>
        lines({
          name: s.name,
          kind: s.kind,
          pack: s.pack as Literal | undefined,
          opaque: s.opaque,
          fields: lines(s.fields.map((f) => f as unknown as LiteralObject)),
          layout: layoutOf(s),
        }),
      ),
    ),
    interfaces: lines(
      d.interfaces.map((i) =>
        lines({
          name: i.name,
          iid: i.iid,
          base: i.base,
          slots: lines(
            i.slots.map((s) =>
              lines({
                name: s.name,
                method: s.method,
                returns: s.returns,
                parameters: lines(s.parameters.map((p) => p as unknown as LiteralObject)),
                unsupported: s.unsupported,
              }),
            ),
          ),
        }),
      ),
    ),
  });
}
