/**
 * The proxies emitter: per interface a synchronous proxy, an asynchronous proxy (every method returns a
 * Promise) and a stub that dispatches a slot to an implementation, all flat over the whole vtable (inherited
 * slots included) so a slot number is all that crosses a channel; `proxyStubs`, the record a connection
 * looks interfaces up in. A synchronous proxy's method calls an implementation in the same realm itself
 * when the runtime allows it (`$local`), which keeps an in-process call within a small factor of a direct one.
 */
import type { InterfaceModel } from '@comidl/model';
import type { ClassDeclarationStructure, MethodDeclarationStructure, StatementStructures } from 'ts-morph';
import { StructureKind } from '../structure-kinds';
import { dataStatement, EmitContext, ImportSet, inheritedCount, type ParameterSignature } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { generatedHeader } from '../header';
import { interfaceNamed, interfacesOfModule } from '../library';
import { methodName } from '../naming';

export function classNames(ctx: EmitContext, model: InterfaceModel) {
  const base = ctx.library.symbols.get(model.name)?.tsName ?? model.name;
  return { interface: base, proxy: `${base}Proxy`, asyncProxy: `${base}AsyncProxy`, stub: `${base}Stub`, mock: `${base}Mock`, fake: `${base}Fake` };
}

export function emitProxies(ctx: EmitContext): GeneratedFile[] {
  const { library } = ctx;
  const files: GeneratedFile[] = [];
  const record: string[] = [];
  const recordImports = new ImportSet();
  recordImports.add('@comidl/runtime', 'ProxyStubRecord');
  recordImports.add(ctx.interfacesPackage, 'vtables', false);
  for (const module of library.modules) {
    const interfaces = interfacesOfModule(library, module.name);
    if (!interfaces.length) continue;
    const imports = new ImportSet();
    const statements: (string | StatementStructures)[] = [];
    imports.add('@comidl/runtime', 'ComAsync');
    imports.add(ctx.interfacesPackage, 'vtables', false);
    const useType = (t: string) => {
      imports.addTypeText(t, (id) => (ctx.library.moduleOfTsName.has(id) ? ctx.interfacesPackage : id === 'Out' || id === 'InOut' ? '@comidl/runtime' : id === 'GUID' && !ctx.library.moduleOfTsName.has('GUID') ? '@comidl/runtime' : null));
      return t;
    };
    for (const model of interfaces) {
      const names = classNames(ctx, model);
      useType(names.interface);
      const layout = `vtables[${JSON.stringify(model.name).replace(/"/g, "'")}]`;
      // Proxies and stubs inherit from the base interface's: only the slots this interface declares are here.
      const baseModel = model.base !== null ? interfaceNamed(library, model.kind === 'dispinterface' ? 'IDispatch' : model.base) : undefined;
      const baseNames = baseModel && baseModel !== model ? classNames(ctx, baseModel) : null;
      const baseModule = baseModel ? library.symbols.get(baseModel.name)?.module : undefined;
      if (baseNames && baseModule && baseModule !== module.name) {
        imports.add(`./${baseModule}.js`, baseNames.proxy, false);
        imports.add(`./${baseModule}.js`, baseNames.asyncProxy, false);
        imports.add(`./${baseModule}.js`, baseNames.stub, false);
      }
      const first = baseNames ? inheritedCount(model) : 3;
      if (!baseNames) {
        imports.add('@comidl/runtime', 'ComProxy', false);
        imports.add('@comidl/runtime', 'ComAsyncProxy', false);
      }
      const slots = ctx.callableSlots(model).filter((s) => s.index >= Math.max(first, 3));
      const method = (async: boolean) => (slot: (typeof slots)[number]): MethodDeclarationStructure => {
        const sig = ctx.signature(slot);
        const returns = useType(sig.returns);
        return {
          kind: StructureKind.Method,
          name: methodName(slot.name),
          parameters: sig.parameters.map((p) => ({ name: p.name, type: useType(p.type) })),
          returnType: async ? `Promise<${returns}>` : returns,
          statements: async ? invokeStatement(slot.index, sig.parameters, `Promise<${returns}>`) : localCallStatements(names.interface, slot.index, slot.name, sig.parameters, returns),
        };
      };
      const proxy: ClassDeclarationStructure = {
        kind: StructureKind.Class,
        isExported: true,
        name: names.proxy,
        extends: baseNames ? baseNames.proxy : 'ComProxy',
        implements: [names.interface],
        properties: [{ name: 'layout', isStatic: true, isReadonly: true, hasOverrideKeyword: !!baseNames, initializer: layout }],
        methods: slots.map(method(false)),
        docs: [{ description: `Calls ${model.name} over a synchronous channel: each method sends its vtable slot and in-arguments, or calls an implementation in this realm itself.` }],
      };
      const asyncProxy: ClassDeclarationStructure = {
        kind: StructureKind.Class,
        isExported: true,
        name: names.asyncProxy,
        extends: baseNames ? baseNames.asyncProxy : 'ComAsyncProxy',
        implements: [`ComAsync<${names.interface}>`],
        properties: [{ name: 'layout', isStatic: true, isReadonly: true, hasOverrideKeyword: !!baseNames, initializer: layout }],
        methods: slots.map(method(true)),
        docs: [{ description: `Calls ${model.name} over an asynchronous channel (a MessagePort): every method returns a Promise.` }],
      };
      const cases = slots.map((slot) => {
        const sig = ctx.signature(slot);
        const args = sig.parameters.map((p, i) => `a[${i}] as ${p.type}`).join(', ');
        return `    case ${slot.index}:\n      return impl${memberAccess(slot.name)}(${args});`;
      });
      if (!baseNames) imports.add('@comidl/runtime', 'E_NOTIMPL', false);
      const fallback = baseNames ? 'base(slot, a)' : 'E_NOTIMPL';
      const body = cases.length
        ? [...(baseNames ? [`const base = ${baseNames.stub}(impl);`] : []), `return (slot, a) => {\n  switch (slot) {\n${cases.join('\n')}\n    default:\n      return ${fallback};\n  }\n};`]
        : baseNames
          ? [`return ${baseNames.stub}(impl);`]
          : ['void impl;', 'return () => E_NOTIMPL;'];
      imports.add('@comidl/runtime', 'StubDispatch');
      statements.push(proxy, asyncProxy, {
        kind: StructureKind.Function,
        isExported: true,
        name: names.stub,
        parameters: [{ name: 'impl', type: names.interface }],
        returnType: 'StubDispatch',
        statements: body,
        docs: [{ description: `Dispatches the vtable slots of ${model.name} to an implementation (base slots through the base stub); reserved and unknown slots answer E_NOTIMPL.` }],
      });
      recordImports.add(`./${module.name}.js`, names.proxy, false);
      recordImports.add(`./${module.name}.js`, names.asyncProxy, false);
      recordImports.add(`./${module.name}.js`, names.stub, false);
      record.push(`${JSON.stringify(model.name).replace(/"/g, "'")}: { layout: ${layout}, proxy: ${names.proxy}, asyncProxy: ${names.asyncProxy}, stub: ${names.stub} }`);
    }
    files.push({ path: `src/${module.name}.ts`, content: { kind: 'ts', statements: [generatedHeader(module.source), ...imports.structures(), ...statements] } });
  }
  files.push({
    path: 'src/proxy-stubs.ts',
    content: {
      kind: 'ts',
      statements: [
        generatedHeader(ctx.names.source),
        ...recordImports.structures(),
        dataStatement(
          ["Every interface's layout, proxy classes and stub, by interface name: what a ComConnection is given."],
          `export const proxyStubs: ProxyStubRecord = Object.freeze({\n  ${record.join(',\n  ')},\n});`,
        ),
      ],
    },
  });
  files.push(indexFile(ctx, files));
  return files;
}

export function indexFile(ctx: EmitContext, files: GeneratedFile[]): GeneratedFile {
  return {
    path: 'src/index.ts',
    content: {
      kind: 'ts',
      statements: [
        generatedHeader(ctx.names.source),
        ...files.map((f): StatementStructures => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier: `./${f.path.replace(/^src\//, '').replace(/\.ts$/, '.js')}` })),
      ],
    },
  };
}

/** A call through the channel: the slot and the argument list. */
function invokeStatement(slot: number, parameters: readonly ParameterSignature[], returns: string): string {
  return `return this.$invoke(${slot}, [${parameters.map((p) => p.name).join(', ')}]) as ${returns};`;
}

/**
 * A synchronous proxy method: the implementation's own method when `$local` finds it in this realm (no
 * argument list, no stub), else the call through the channel. `$`-names cannot clash with IDL parameters.
 */
function localCallStatements(itf: string, slot: number, name: string, parameters: readonly ParameterSignature[], returns: string): string[] {
  // `void *` values decide whether the shortcut may be taken: it may not when one holds an object.
  const opaque = parameters.filter((p) => p.marshal === "'opaque'").map((p) => (p.direction === 'in' ? p.name : `${p.name}?.value`));
  const local =
    opaque.length === 0
      ? `this.$local<${itf}>(${slot})`
      : opaque.length === 1
        ? `this.$local<${itf}>(${slot}, ${opaque[0]})`
        : `this.$localAll<${itf}>(${slot}, [${opaque.join(', ')}])`;
  const call = `$impl${memberAccess(name)}(${parameters.map((p) => p.name).join(', ')})`;
  return [
    `const $impl = ${local};`,
    `if ($impl === null) ${invokeStatement(slot, parameters, returns)}`,
    `try {\n  return this.$settle(${slot}, ${call}) as ${returns};\n} catch ($error) {\n  return this.$fail(${slot}, $error) as ${returns};\n}`,
  ];
}

/** `.Name`, or `["A.B"]` for a name that is not an identifier. */
export function memberAccess(name: string): string {
  const p = methodName(name);
  return p.startsWith('"') ? `[${p}]` : `.${p}`;
}
