/**
 * The mocks emitter: per interface a mock (records calls with slot numbers, programmable results and [out]
 * values, strict mode, ordered expectations; see ComMock in the runtime's `mocks` entry) whose methods are
 * Jest mock functions of the interface's method types, and the map of its methods' [out] parameters that
 * types `.sets()`; per protocol description a protocol-aware fake of its interface (ProtocolFake) with the
 * description as frozen data, and the map of its states to their structures that types `onEnter`.
 */
import type { InterfaceModel } from '@comidl/model';
import { StructureKind, Writers, type InterfaceDeclarationStructure, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { EmitContext, EmitOptions } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { generatedHeader } from '../header';
import { FileImports } from '../imports';
import { interfaceNamed, interfacesOfModule } from '../library';
import { deep, propertyKey } from '../literal';
import { literalWriter } from '../literal-writer';
import { methodName } from '../naming';
import { runtimeSymbols } from '../symbols';
import { objectType, reference, tsNull, type TsType } from '../ts-type';
import { typeWriter } from '../type-writer';
import { EXPORTED_CONST, callWriter, docs, heritageWriter, indexFile, layoutWriter } from './code';
import { classNames, interfaceSymbol } from './proxies';

/** The module of the mocks package that holds the fakes. */
const FAKES_MODULE = 'fakes';

export function emitMocks(ctx: EmitContext, options: EmitOptions): GeneratedFile[] {
  const { library, symbols } = ctx;
  const files: GeneratedFile[] = [];
  /** `super(vtables['I'], { vtables, structs }, last);`: what a mock's and a fake's constructor pass to the runtime's class. */
  const superCall = (imports: FileImports, interfaceName: string, last: string): WriterFunction => {
    const layout = layoutWriter(imports, symbols, interfaceName);
    const vtables = imports.value(symbols.vtables);
    const structs = imports.value(symbols.structs);
    return (w) => {
      w.write('super(');
      layout(w);
      w.write(', { ').write(vtables).write(', ').write(structs).write(' }, ').write(last).write(');');
    };
  };
  for (const module of library.modules) {
    const interfaces = interfacesOfModule(library, module.name);
    // A used library's mocks package has the mocks of its modules.
    if (!interfaces.length || module.external) continue;
    const imports = new FileImports({ scope: options.scope, sources: options.sources, package: 'mocks', module: module.name });
    const statements: StatementStructures[] = [];
    for (const model of interfaces) {
      const names = classNames(ctx, model);
      const itf = imports.type(reference(interfaceSymbol(ctx, model)));
      const outs = outParametersOf(ctx, imports, model, names.outParameters);
      statements.push(
        outs,
        mockedInterface(imports, names.mock, itf),
        {
          kind: StructureKind.Class,
          isExported: true,
          name: names.mock,
          extends: heritageWriter(imports, runtimeSymbols.ComMock, itf, reference(ctx.symbols.generated('mocks', module.name, outs.name))),
          ctors: [
            {
              parameters: [{ name: 'options', type: typeWriter(imports.type(reference(runtimeSymbols.MockOptions))), hasQuestionToken: true }],
              statements: superCall(imports, model.name, 'options'),
            },
          ],
          docs: docs([
            `A mock ${model.name}: every call recorded with its vtable slot; results, [out] values, strict mode and ordered expectations programmable.`,
            ...names.renamed('mock', 'Mock'),
          ]),
        },
      );
    }
    files.push({ path: `src/${module.name}.ts`, content: { kind: 'ts', header: generatedHeader(module.source), statements: [...imports.structures(), ...statements] } });
  }
  const protocols = options.protocols ?? [];
  if (protocols.length) {
    const imports = new FileImports({ scope: options.scope, sources: options.sources, package: 'mocks', module: FAKES_MODULE });
    const statements: StatementStructures[] = [];
    const description = imports.type(reference(runtimeSymbols.ProtocolDescription));
    const defineProtocol = imports.value(runtimeSymbols.defineProtocol);
    for (const p of protocols) {
      const model = interfaceNamed(library, p.interfaceName)!;
      const names = classNames(ctx, model);
      const itf = imports.type(reference(interfaceSymbol(ctx, model)));
      const dataName = names.protocol;
      statements.push(
        {
          ...EXPORTED_CONST,
          declarations: [
            {
              name: dataName,
              type: typeWriter(description),
              initializer: callWriter(defineProtocol, Writers.assertion(literalWriter(deep(p.description)), typeWriter(description))),
            },
          ],
          docs: docs([`The call protocol of ${model.name}, from ${p.file}.`, ...names.renamed('protocol', 'Protocol')]),
        },
        statesOf(ctx, imports, p.description, model.name, names.states),
        mockedInterface(imports, names.fake, itf),
        {
          kind: StructureKind.Class,
          isExported: true,
          name: names.fake,
          extends: heritageWriter(imports, runtimeSymbols.ProtocolFake, itf, reference(ctx.symbols.generated('mocks', FAKES_MODULE, names.states))),
          ctors: [{ statements: superCall(imports, model.name, dataName) }],
          docs: docs([
            `A fake ${model.name} that enforces its protocol (${p.file}): a call that breaks a rule returns the protocol's failure HRESULT and is recorded in \`violations\` with the rule's name.`,
            ...names.renamed('fake', 'Fake'),
          ]),
        },
      );
    }
    files.push({
      path: `src/${FAKES_MODULE}.ts`,
      content: { kind: 'ts', header: generatedHeader(protocols.map((p) => p.file).join(', ')), statements: [...imports.structures(), ...statements] },
    });
  }
  files.push(indexFile(options, files));
  return files;
}

/** `interface IOSTXMock extends ComMocked<IOSTX> {}`: the class's methods, each a Jest mock function of its method's type. */
function mockedInterface(imports: FileImports, name: string, itf: TsType): InterfaceDeclarationStructure {
  return { kind: StructureKind.Interface, isExported: true, name, extends: [typeWriter(imports.type(reference(runtimeSymbols.ComMocked, itf)))] };
}

/**
 * `interface IOSTXOutParameters { GetLastError: { lppMAPIError: LPMAPIERROR }; ... }`: per method of the
 * vtable (inherited ones included) with [out] or [in, out] parameters, their IDL names (what `.sets()` is
 * given and the layout names) and the types of the values they receive, as the interface types them
 * (`Out<T>` and `InOut<T>` hold a T).
 */
function outParametersOf(ctx: EmitContext, imports: FileImports, model: InterfaceModel, name: string): InterfaceDeclarationStructure & { name: string } {
  const properties = ctx.callableSlots(model).flatMap((slot) => {
    const members = ctx
      .signature(slot)
      .parameters.filter((p) => p.direction !== 'in' && p.type.kind === 'reference' && p.type.typeArguments.length === 1)
      .map((p) => ({ name: p.idlName, optional: false, type: imports.type((p.type as Extract<TsType, { kind: 'reference' }>).typeArguments[0]) }));
    return members.length ? [{ name: methodName(slot.name), type: typeWriter(objectType(members)) }] : [];
  });
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name,
    properties,
    docs: docs([`The [out] and [in, out] parameters of ${model.name}'s methods, with the types of their values: what a mock's \`.sets()\` takes.`]),
  };
}

/**
 * `interface IOSTXStates { LR_SYNC_IDLE: null; LR_SYNC: SYNC; ... }`: each state of the protocol with the
 * structure it hands out (null for none), the initial state included; a recorder's has none.
 */
function statesOf(ctx: EmitContext, imports: FileImports, description: Record<string, unknown>, interfaceName: string, name: string): InterfaceDeclarationStructure {
  const states = Array.isArray(description['states']) ? (description['states'] as Array<{ name: string; structure?: string }>) : [];
  const initial = typeof description['initial'] === 'string' ? description['initial'] : undefined;
  const all = initial !== undefined && !states.some((s) => s.name === initial) ? [{ name: initial }, ...states] : states;
  const structureType = (structure: string | undefined): TsType => {
    const symbol = structure === undefined ? null : ctx.types.symbolOf(structure);
    return symbol ? imports.type(reference(symbol)) : tsNull;
  };
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name,
    properties: all.map((s) => ({ name: propertyKey(s.name), type: typeWriter(structureType(s.structure)) })),
    docs: docs([`The states of ${interfaceName}'s protocol, with the structure each hands out: what a fake's \`onEnter\` hooks take.`]),
  };
}
