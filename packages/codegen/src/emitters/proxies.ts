/**
 * The proxies emitter: per interface a synchronous proxy, an asynchronous proxy (every method returns a
 * Promise) and a stub that dispatches a slot to an implementation, all flat over the whole vtable (inherited
 * slots included) so a slot number is all that crosses a channel; `proxyStubs`, the record a connection
 * looks interfaces up in. A synchronous proxy's method calls an implementation in the same realm itself
 * when the runtime allows it (`$local`), which keeps an in-process call within a small factor of a direct one.
 */
import type { InterfaceModel, VtableSlot } from '@comidl/model';
import {
  StructureKind,
  Writers,
  type ClassDeclarationStructure,
  type CodeBlockWriter,
  type MethodDeclarationStructure,
  type StatementStructures,
  type WriterFunction,
} from 'ts-morph';
import { EmitContext, inheritedCount, startsWithIUnknown, type EmitOptions, type ParameterSignature } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { generatedHeader } from '../header';
import { FileImports } from '../imports';
import { interfaceNamed, interfacesOfModule } from '../library';
import { record, type Literal } from '../literal';
import { literalWriter } from '../literal-writer';
import { methodName, renamedClassNote, type GeneratedNames } from '../naming';
import { globalSymbols, runtimeSymbols, type TsSymbol } from '../symbols';
import { reference, type TsType } from '../ts-type';
import { typeWriter, writeType } from '../type-writer';
import { EXPORTED_CONST, callWriter, docs, indexFile, layoutWriter, nameWriter, writeList, writeMethodAccess } from './code';

/**
 * The names generated for an interface (decided with the library's names), the module of the library that
 * declares it, and the doc line of a class whose natural name was taken.
 */
export function classNames(ctx: EmitContext, model: InterfaceModel) {
  const entry = ctx.library.symbols.get(model.name);
  const base = entry?.tsName ?? model.name;
  const names = ctx.library.naming.generated(model);
  return {
    ...names,
    module: entry?.module ?? '',
    interface: base,
    /** Says so when the class `kind` of this interface is not named `<I><Kind>`. */
    renamed: (kind: keyof GeneratedNames, suffix: string) => renamedClassNote(names[kind], `${base}${suffix}`),
  };
}

/** The symbol of the TypeScript interface the IDL interface becomes. */
export function interfaceSymbol(ctx: EmitContext, model: InterfaceModel): TsSymbol {
  const symbol = ctx.types.symbolOf(model.name);
  if (!symbol) throw new Error(`interface ${model.name} has a vtable but no declaration in the library`);
  return symbol;
}

export function emitProxies(ctx: EmitContext, options: EmitOptions): GeneratedFile[] {
  const { library, symbols } = ctx;
  const files: GeneratedFile[] = [];
  const recordImports = new FileImports({ scope: options.scope, sources: options.sources, package: 'proxies', module: 'proxy-stubs' });
  const entries: [string, Literal][] = [];
  for (const module of library.modules) {
    const interfaces = interfacesOfModule(library, module.name).filter(startsWithIUnknown);
    if (!interfaces.length) continue;
    const imports = new FileImports({ scope: options.scope, sources: options.sources, package: 'proxies', module: module.name });
    const statements: StatementStructures[] = [];
    const classOf = (name: string) => symbols.generated('proxies', module.name, name);
    for (const model of interfaces) {
      const names = classNames(ctx, model);
      const itf = imports.type(reference(interfaceSymbol(ctx, model)));
      const layout = layoutWriter(imports, symbols, model.name);
      // Proxies and stubs inherit from the base interface's: only the slots this interface declares are here.
      const baseModel = model.base !== null ? interfaceNamed(library, model.kind === 'dispinterface' ? 'IDispatch' : model.base) : undefined;
      const baseNames = baseModel && baseModel !== model ? classNames(ctx, baseModel) : null;
      /** The base interface's proxy class, or the runtime's root class. */
      const baseClass = (name: (n: ReturnType<typeof classNames>) => string, root: TsSymbol) =>
        imports.value(baseNames ? symbols.generated('proxies', baseNames.module, name(baseNames)) : root);
      const first = baseNames ? inheritedCount(model) : 3;
      const slots = ctx.callableSlots(model).filter((s) => s.index >= Math.max(first, 3));
      const method = (async: boolean) => (slot: VtableSlot): MethodDeclarationStructure => {
        const sig = ctx.signature(slot);
        const returns = imports.type(async ? reference(globalSymbols.Promise, sig.returns) : sig.returns);
        return {
          kind: StructureKind.Method,
          name: methodName(slot.name),
          parameters: sig.parameters.map((p) => ({ name: p.name, type: typeWriter(imports.type(p.type)) })),
          returnType: typeWriter(returns),
          statements: async ? returnInvoke(slot.index, sig.parameters, returns) : localCall(itf, slot, sig.parameters, returns),
        };
      };
      const proxy: ClassDeclarationStructure = {
        kind: StructureKind.Class,
        isExported: true,
        name: names.proxy,
        extends: baseClass((n) => n.proxy, runtimeSymbols.ComProxy),
        implements: [typeWriter(itf)],
        properties: [{ name: 'layout', isStatic: true, isReadonly: true, hasOverrideKeyword: !!baseNames, initializer: layout }],
        methods: slots.map(method(false)),
        docs: docs([
          `Calls ${model.name} over a synchronous channel: each method sends its vtable slot and in-arguments, or calls an implementation in this realm itself.`,
          ...names.renamed('proxy', 'Proxy'),
        ]),
      };
      const asyncProxy: ClassDeclarationStructure = {
        kind: StructureKind.Class,
        isExported: true,
        name: names.asyncProxy,
        extends: baseClass((n) => n.asyncProxy, runtimeSymbols.ComAsyncProxy),
        implements: [typeWriter(imports.type(reference(runtimeSymbols.ComAsync, itf)))],
        properties: [{ name: 'layout', isStatic: true, isReadonly: true, hasOverrideKeyword: !!baseNames, initializer: layout }],
        methods: slots.map(method(true)),
        docs: docs([`Calls ${model.name} over an asynchronous channel (a MessagePort): every method returns a Promise.`, ...names.renamed('asyncProxy', 'AsyncProxy')]),
      };
      const baseStub = baseNames ? imports.value(symbols.generated('proxies', baseNames.module, baseNames.stub)) : null;
      const notImplemented = baseNames ? null : imports.value(runtimeSymbols.E_NOTIMPL);
      statements.push(proxy, asyncProxy, {
        kind: StructureKind.Function,
        isExported: true,
        name: names.stub,
        parameters: [{ name: 'impl', type: typeWriter(itf) }],
        returnType: typeWriter(imports.type(reference(runtimeSymbols.StubDispatch))),
        statements: stubBody(
          slots.map((slot) => {
            const sig = ctx.signature(slot);
            return { slot, types: sig.parameters.map((p) => imports.type(p.type)) };
          }),
          baseStub,
          notImplemented,
        ),
        docs: docs([
          `Dispatches the vtable slots of ${model.name} to an implementation (base slots through the base stub); reserved and unknown slots answer E_NOTIMPL.`,
          ...names.renamed('stub', 'Stub'),
        ]),
      });
      const value = (name: string) => nameWriter(recordImports.value(classOf(name)));
      entries.push([
        model.name,
        { layout: layoutWriter(recordImports, symbols, model.name), proxy: value(names.proxy), asyncProxy: value(names.asyncProxy), stub: value(names.stub) },
      ]);
    }
    // A used library's proxies package has the classes of its modules; the record here names them too.
    if (!module.external) files.push({ path: `src/${module.name}.ts`, content: { kind: 'ts', header: generatedHeader(module.source), statements: [...imports.structures(), ...statements] } });
  }
  const recordType = recordImports.type(reference(runtimeSymbols.ProxyStubRecord));
  const defineProxyStubs = recordImports.value(runtimeSymbols.defineProxyStubs);
  files.push({
    path: 'src/proxy-stubs.ts',
    content: {
      kind: 'ts',
      header: generatedHeader(options.source),
      statements: [
        ...recordImports.structures(),
        {
          ...EXPORTED_CONST,
          declarations: [{ name: 'proxyStubs', type: typeWriter(recordType), initializer: callWriter(defineProxyStubs, literalWriter(record(Object.fromEntries(entries)))) }],
          docs: docs(["Every interface's layout, proxy classes and stub, by interface name: what a ComConnection is given."]),
        },
      ],
    },
  });
  files.push(indexFile(options, files));
  return files;
}


/** `this.$invoke(slot, [a, b])`: a call through the channel with the slot and the argument list. */
function invokeWriter(slot: number, parameters: readonly ParameterSignature[]): WriterFunction {
  return (w) => {
    w.write('this.$invoke(').write(String(slot)).write(', [');
    writeList(w, parameters, (p) => w.write(p.name));
    w.write('])');
  };
}

/** `return this.$invoke(slot, [...]) as R;` */
function returnInvoke(slot: number, parameters: readonly ParameterSignature[], returns: TsType): WriterFunction {
  return Writers.returnStatement(Writers.assertion(invokeWriter(slot, parameters), typeWriter(returns)));
}

/**
 * A synchronous proxy method: the implementation's own method when `$local` finds it in this realm (no
 * argument list, no stub), else the call through the channel. `$`-names cannot clash with IDL parameters.
 */
function localCall(itf: TsType, slot: VtableSlot, parameters: readonly ParameterSignature[], returns: TsType): WriterFunction {
  // `void *` values decide whether the shortcut may be taken: it may not when one holds an object.
  const opaque = parameters.filter((p) => p.marshal === 'opaque');
  const writeOpaque = (w: CodeBlockWriter, p: ParameterSignature) => {
    w.write(p.name);
    w.conditionalWrite(p.direction !== 'in', '?.value');
  };
  const index = String(slot.index);
  const settle: WriterFunction = (w) => {
    w.write('this.$settle(').write(index).write(', $impl');
    writeMethodAccess(w, slot.name);
    w.write('(');
    writeList(w, parameters, (p) => w.write(p.name));
    w.write('))');
  };
  const fail: WriterFunction = (w) => w.write('this.$fail(').write(index).write(', $error)');
  const returnsType = typeWriter(returns);
  return (w) => {
    w.write('const $impl = this.').write(opaque.length > 1 ? '$localAll' : '$local').write('<');
    writeType(w, itf);
    w.write('>(').write(index);
    if (opaque.length === 1) {
      w.write(', ');
      writeOpaque(w, opaque[0]);
    } else if (opaque.length > 1) {
      w.write(', [');
      writeList(w, opaque, (p) => writeOpaque(w, p));
      w.write(']');
    }
    w.write(');').newLine();
    w.write('if ($impl === null) ');
    returnInvoke(slot.index, parameters, returns)(w);
    w.newLine();
    w.write('try ').inlineBlock(() => Writers.returnStatement(Writers.assertion(settle, returnsType))(w));
    w.write(' catch ($error) ').inlineBlock(() => Writers.returnStatement(Writers.assertion(fail, returnsType))(w));
  };
}

/**
 * A stub's body: a switch over the slots the interface declares, each calling the implementation's method
 * with its arguments cast to their types; other slots go to the base stub, or answer E_NOTIMPL.
 */
function stubBody(cases: readonly { slot: VtableSlot; types: readonly TsType[] }[], baseStub: string | null, notImplemented: string | null): WriterFunction {
  return (w) => {
    if (!cases.length) {
      if (baseStub !== null) {
        Writers.returnStatement(callWriter(baseStub, nameWriter('impl')))(w);
      } else {
        w.write('void impl;').newLine();
        w.write('return () => ').write(notImplemented!).write(';');
      }
      return;
    }
    if (baseStub !== null) w.write('const base = ').write(baseStub).write('(impl);').newLine();
    w.write('return (slot, a) => ').inlineBlock(() => {
      w.write('switch (slot) ').inlineBlock(() => {
        for (const { slot, types } of cases) {
          w.write('case ').write(String(slot.index)).write(':');
          w.indent(() => {
            w.write('return impl');
            writeMethodAccess(w, slot.name);
            w.write('(');
            writeList(w, types, (t, i) => Writers.assertion((aw) => aw.write('a[').write(String(i)).write(']'), typeWriter(t))(w));
            w.write(');');
          });
        }
        w.write('default:');
        w.indent(() => {
          if (baseStub !== null) w.write('return base(slot, a);');
          else w.write('return ').write(notImplemented!).write(';');
        });
      });
    });
    w.write(';');
  };
}
