/**
 * The mocks emitter: per interface a mock (records calls with slot numbers, programmable results and [out]
 * values, strict mode, ordered expectations; see ComMock in the runtime), and per protocol description a
 * protocol-aware fake of its interface (ProtocolFake in the runtime) with the description as frozen data.
 */
import { StructureKind, Writers, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { EmitContext, EmitOptions } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { generatedHeader } from '../header';
import { FileImports } from '../imports';
import { interfaceNamed, interfacesOfModule } from '../library';
import { deep } from '../literal';
import { literalWriter } from '../literal-writer';
import { runtimeSymbols } from '../symbols';
import { reference } from '../ts-type';
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
    const imports = new FileImports({ scope: options.scope, package: 'mocks', module: module.name });
    const statements: StatementStructures[] = [];
    for (const model of interfaces) {
      const names = classNames(ctx, model);
      const itf = imports.type(reference(interfaceSymbol(ctx, model)));
      statements.push(
        { kind: StructureKind.Interface, isExported: true, name: names.mock, extends: [typeWriter(itf)] },
        {
          kind: StructureKind.Class,
          isExported: true,
          name: names.mock,
          extends: heritageWriter(imports, runtimeSymbols.ComMock, itf),
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
    const imports = new FileImports({ scope: options.scope, package: 'mocks', module: FAKES_MODULE });
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
        { kind: StructureKind.Interface, isExported: true, name: names.fake, extends: [typeWriter(itf)] },
        {
          kind: StructureKind.Class,
          isExported: true,
          name: names.fake,
          extends: heritageWriter(imports, runtimeSymbols.ProtocolFake, itf),
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
