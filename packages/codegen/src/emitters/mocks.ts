/**
 * The mocks emitter: per interface a mock (records calls with slot numbers, programmable results and [out]
 * values, strict mode, ordered expectations; see ComMock in the runtime), and per protocol description a
 * protocol-aware fake of its interface (ProtocolFake in the runtime) with the description as frozen data.
 */
import type { StatementStructures } from 'ts-morph';
import { StructureKind } from '../structure-kinds';
import { dataStatement, EmitContext, ImportSet } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { generatedHeader } from '../header';
import { interfaceNamed, interfacesOfModule } from '../library';
import type { CheckedProtocol } from '../protocol';
import { classNames, indexFile } from './proxies';

export interface MocksOptions {
  protocols?: readonly CheckedProtocol[];
}

export function emitMocks(ctx: EmitContext, options: MocksOptions = {}): GeneratedFile[] {
  const { library } = ctx;
  const files: GeneratedFile[] = [];
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  for (const module of library.modules) {
    const interfaces = interfacesOfModule(library, module.name);
    if (!interfaces.length) continue;
    const imports = new ImportSet();
    imports.add('@comidl/runtime', 'ComMock', false);
    imports.add('@comidl/runtime', 'MockOptions');
    imports.add(ctx.interfacesPackage, 'vtables', false);
    imports.add(ctx.interfacesPackage, 'structs', false);
    const statements: StatementStructures[] = [];
    for (const model of interfaces) {
      const names = classNames(ctx, model);
      imports.add(ctx.interfacesPackage, names.interface);
      statements.push(
        { kind: StructureKind.Interface, isExported: true, name: names.mock, extends: [names.interface] },
        {
          kind: StructureKind.Class,
          isExported: true,
          name: names.mock,
          extends: `ComMock<${names.interface}>`,
          ctors: [{ parameters: [{ name: 'options', type: 'MockOptions', hasQuestionToken: true }], statements: `super(vtables[${q(model.name)}], { vtables, structs }, options);` }],
          docs: [{ description: `A mock ${model.name}: every call recorded with its vtable slot; results, [out] values, strict mode and ordered expectations programmable.` }],
        },
      );
    }
    files.push({ path: `src/${module.name}.ts`, content: { kind: 'ts', statements: [generatedHeader(module.source), ...imports.structures(), ...statements] } });
  }
  const protocols = options.protocols ?? [];
  if (protocols.length) {
    const imports = new ImportSet();
    imports.add('@comidl/runtime', 'ProtocolFake', false);
    imports.add('@comidl/runtime', 'ProtocolDescription');
    imports.add(ctx.interfacesPackage, 'vtables', false);
    imports.add(ctx.interfacesPackage, 'structs', false);
    const statements: (string | StatementStructures)[] = [];
    for (const p of protocols) {
      const model = interfaceNamed(library, p.interfaceName)!;
      const names = classNames(ctx, model);
      imports.add(ctx.interfacesPackage, names.interface);
      const dataName = `${names.interface}Protocol`;
      statements.push(
        dataStatement([`The call protocol of ${model.name}, from ${p.file}.`], `export const ${dataName}: ProtocolDescription = Object.freeze(${JSON.stringify(p.description, null, 2)}) as ProtocolDescription;`),
        { kind: StructureKind.Interface, isExported: true, name: names.fake, extends: [names.interface] },
        {
          kind: StructureKind.Class,
          isExported: true,
          name: names.fake,
          extends: `ProtocolFake<${names.interface}>`,
          ctors: [{ statements: `super(vtables[${q(model.name)}], { vtables, structs }, ${dataName});` }],
          docs: [{ description: `A fake ${model.name} that enforces its protocol (${p.file}): a call that breaks a rule returns the protocol's failure HRESULT and is recorded in \`violations\` with the rule's name.` }],
        },
      );
    }
    files.push({
      path: 'src/fakes.ts',
      content: { kind: 'ts', statements: [generatedHeader(protocols.map((p) => p.file).join(', ')), ...imports.structures(), ...statements] },
    });
  }
  files.push(indexFile(ctx, files));
  return files;
}
