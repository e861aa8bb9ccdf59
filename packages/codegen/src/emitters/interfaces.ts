/**
 * The interfaces emitter: per IDL file a module with its typedefs, structures, enums, constants, interfaces
 * (methods in vtable order, IDL names, doc comments with the slot number) and IIDs; `vtables.ts` with every
 * interface's layout and the structures' layouts as frozen data; `index.ts`.
 */
import type { InterfaceModel } from '@comidl/model';
import type { InterfaceDeclarationStructure, MethodSignatureStructure, PropertySignatureStructure, StatementStructures } from 'ts-morph';
import { StructureKind, VariableDeclarationKind } from '../structure-kinds';
import type { ConstantValue } from '@comidl/model';
import { ConstantTable } from '../constants';
import { docLines, docOf } from '../doc';
import { dataStatement, EmitContext, ImportSet, inheritedCount, runtimeTypes } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { generatedHeader } from '../header';
import type { LibraryDeclaration, LibraryModule } from '../library';
import { methodKey, methodName, propertyName } from '../naming';
import { aggregateFields, typeUse } from '../type-mapper';

const location = (module: LibraryModule, line: number) => `${module.source}:${line}`;

export function emitInterfaces(ctx: EmitContext): GeneratedFile[] {
  const { library } = ctx;
  const values = new ConstantTable(library);
  const files: GeneratedFile[] = library.modules.map((module) => moduleFile(ctx, module, values));
  files.push(vtablesFile(ctx));
  files.push({
    path: 'src/index.ts',
    content: {
      kind: 'ts',
      statements: [
        generatedHeader(ctx.names.source),
        ...library.modules.map((m): StatementStructures => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier: `./${m.name}.js` })),
        { kind: StructureKind.ExportDeclaration, moduleSpecifier: './vtables.js' },
      ],
    },
  });
  return files;
}

function moduleFile(ctx: EmitContext, module: LibraryModule, values: ConstantTable): GeneratedFile {
  const { library, types } = ctx;
  const imports = new ImportSet();
  const statements: (string | StatementStructures)[] = [];
  const own = new Set(module.declarations.map((d) => d.tsName));
  const from = (id: string): string | null => {
    if (own.has(id)) return null;
    const s = library.moduleOfTsName.get(id);
    if (s) return `./${s}.js`;
    if (runtimeTypes.has(id)) return '@comidl/runtime';
    return null;
  };
  const useType = (t: string) => {
    imports.addTypeText(t, from);
    return t;
  };

  for (const d of module.declarations) {
    switch (d.kind) {
      case 'alias': {
        const use = typeUse(d.typedef.specifiers, d.declarator, d.typedef.attributes);
        statements.push({
          kind: StructureKind.TypeAlias,
          isExported: true,
          name: d.tsName,
          type: useType(types.aliasType(d.name, use)),
          docs: docs([...docOf(d.doc, d.typedef.attributes), `@generated from typedef ${d.name} (${location(module, d.declarator.span.line || d.typedef.span.line)})`, ...renamed(d)]),
        });
        break;
      }
      case 'struct': {
        if (d.name === 'GUID' || d.name === '_GUID') {
          statements.push({
            kind: StructureKind.TypeAlias,
            isExported: true,
            name: d.tsName,
            type: 'string',
            docs: docs([...docLines(d.doc), 'A GUID as a lowercase string without braces: `00000000-0000-0000-c000-000000000046`.', `@generated from struct ${d.name} (${location(module, d.node.span.line)})`]),
          });
          break;
        }
        const properties: PropertySignatureStructure[] = aggregateFields(d.node).map((f) => ({
          kind: StructureKind.PropertySignature,
          name: propertyName(f.name),
          hasQuestionToken: f.optional,
          type: useType(types.typeOf(typeUse(f.specifiers, f.declarator, f.attributes))),
          docs: docs(docOf(f.doc, f.attributes)),
        }));
        statements.push({
          kind: StructureKind.Interface,
          isExported: true,
          name: d.tsName,
          properties,
          docs: docs([...docLines(d.doc), `@generated from ${d.node.kind === 'struct' ? 'struct' : 'union'} ${d.name} (${location(module, d.node.span.line)})`, ...renamed(d)]),
        });
        break;
      }
      case 'enum': {
        const members = values.enumValues(d.node);
        statements.push({
          kind: StructureKind.Enum,
          isExported: true,
          name: d.tsName,
          members: (d.node.members ?? []).map((m) => ({ kind: StructureKind.EnumMember, name: propertyName(m.name), value: Number(BigInt.asIntN(32, members.get(m.name)!)), docs: docs(docOf(m.doc, m.attributes)) })),
          docs: docs([...docLines(d.doc), `@generated from enum ${d.name} (${location(module, d.node.span.line)})`, ...renamed(d)]),
        });
        // C puts enum members in the global scope: so do we, as constants beside the enum.
        const loose = (d.node.members ?? []).filter((m) => !library.symbols.has(m.name) && /^[A-Za-z_$][\w$]*$/.test(m.name) && library.names.has(m.name) === false);
        for (const m of loose) library.names.claim(m.name);
        for (const m of loose) {
          statements.push({
            kind: StructureKind.VariableStatement,
            isExported: true,
            declarationKind: VariableDeclarationKind.Const,
            declarations: [{ name: m.name, initializer: `${d.tsName}.${m.name}` }],
          });
        }
        break;
      }
      case 'const': {
        const v = values.value(d.name);
        const use = typeUse(d.node.specifiers, d.node.declarator);
        const r = types.resolveUse(use);
        const type = useType(types.typeOf(use));
        const literal = constantLiteral(fitInteger(v, r.kind === 'int' || r.kind === 'enum' ? r.name : null, r.byte), r.kind === 'int64', d.node.value.kind === 'number' ? d.node.value.text : null);
        if (literal === null) {
          statements.push(`// const ${d.name}: its value is not a constant expression comidl can compute (${location(module, d.node.span.line)})`);
          break;
        }
        // `(OLECHAR *)-1` and the like: a pointer constant holding a number is a sentinel address.
        const sentinel = r.pointers > 0 && typeof v !== 'string';
        statements.push({
          kind: StructureKind.VariableStatement,
          isExported: true,
          declarationKind: VariableDeclarationKind.Const,
          declarations: [{ name: d.tsName, type: sentinel ? (literal.text.endsWith('n') ? 'bigint' : 'number') : (literal.type ?? type), initializer: literal.text }],
          docs: docs([...docOf(d.node.doc, d.node.attributes), ...(sentinel ? [`A sentinel address: a pointer constant holding a number.`] : []), `@generated from const ${d.name} (${location(module, d.node.span.line)})`]),
        });
        break;
      }
      case 'interface':
        statements.push(...interfaceStatements(ctx, module, d.model, d.tsName, useType));
        break;
      case 'opaque-interface': {
        const base = types.tsName('IUnknown');
        statements.push({
          kind: StructureKind.Interface,
          isExported: true,
          name: d.tsName,
          extends: base && base !== d.tsName ? [useType(base)] : [],
          docs: docs([`Declared (\`interface ${d.name};\`) but not defined in the IDL: only IUnknown's methods are known.`]),
        });
        break;
      }
      case 'coclass':
        statements.push({
          kind: StructureKind.VariableStatement,
          isExported: true,
          declarationKind: VariableDeclarationKind.Const,
          declarations: [{ name: d.tsName, type: useType('GUID'), initializer: JSON.stringify(d.iid).replace(/"/g, "'") }],
          docs: docs([...docLines(d.node.doc), `@generated from coclass ${d.node.name} (${location(module, d.node.span.line)})`]),
        });
        break;
    }
  }
  return {
    path: `src/${module.name}.ts`,
    content: { kind: 'ts', statements: [generatedHeader(module.source), ...imports.structures(), ...statements] },
  };
}

function interfaceStatements(ctx: EmitContext, module: LibraryModule, model: InterfaceModel, tsName: string, useType: (t: string) => string): StatementStructures[] {
  const { types, library } = ctx;
  const baseName = model.kind === 'dispinterface' ? 'IDispatch' : model.base;
  const base = baseName ? types.tsName(baseName) : null;
  const methods: MethodSignatureStructure[] = model.vtable
    .filter((s) => s.declaredIn === model.name && !s.method.placeholder)
    .map((slot) => {
      const sig = ctx.signature(slot);
      return {
        kind: StructureKind.MethodSignature,
        name: methodName(slot.name),
        parameters: sig.parameters.map((p) => ({ name: p.name, type: useType(p.type) })),
        returnType: useType(sig.returns),
        docs: docs([
          ...docOf(slot.method.doc, slot.method.attributes),
          ...(methodKey(slot.name) !== slot.name ? [`Named \`${slot.name}\` in the IDL and the vtable; renamed because every object, or the generated mocks, already have a member of that name.`] : []),
          `@generated from ${model.name}::${slot.method.idlName} (${location(module, slot.method.span.line)}), vtable slot ${slot.index}`,
          ...sig.parameters.filter((p) => p.name !== p.idlName).map((p) => `Parameter \`${p.name}\` is \`${p.idlName}\` in the IDL.`),
        ]),
      };
    });
  const placeholders = model.vtable.filter((s) => s.declaredIn === model.name && s.method.placeholder).map((s) => s.index);
  const iid = model.iid ? `IID ${model.iid}` : 'no IID';
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: tsName,
      extends: base && base !== tsName ? [useType(base)] : [],
      methods,
      docs: docs([
        ...docOf(model.doc, model.attributes),
        `@generated from ${model.kind} ${model.name} (${location(module, model.span.line)}), ${iid}, ${model.vtable.length} vtable slots` +
          (placeholders.length ? `; reserved ${placeholders.length === 1 ? 'slot' : 'slots'} ${placeholders.join(', ')} ${placeholders.length === 1 ? 'is' : 'are'} not callable` : ''),
      ]),
    } satisfies InterfaceDeclarationStructure,
  ];
  const iidName = library.iidNames.get(model.name);
  if (model.iid && iidName) {
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: iidName, type: useType('GUID'), initializer: `'${model.iid}'` }],
      docs: docs([`The IID of ${model.name}.`]),
    });
  }
  return statements;
}

function vtablesFile(ctx: EmitContext): GeneratedFile {
  const { library, types } = ctx;
  const q = (s: string | null) => (s === null ? 'null' : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  const inRecord = new Set<string>();
  const entries = library.interfaces.map((model) => {
    const base = model.kind === 'dispinterface' ? 'IDispatch' : model.base;
    // Only the slots the interface declares itself when its base's entry comes earlier; all of them otherwise.
    const own = base !== null && inRecord.has(base) ? model.vtable.filter((s) => s.index >= inheritedCount(model)) : model.vtable;
    inRecord.add(model.name);
    const slots = own.map((slot) => {
      const sig = ctx.signature(slot);
      const params = sig.parameters.map(
        (p) => `{ name: ${q(p.idlName)}, direction: ${q(p.direction)}, type: ${q(p.idlType)}${p.marshal === "'value'" ? '' : `, marshal: ${p.marshal}`}${p.retval ? ', retval: true' : ''} }`,
      );
      return `{ name: ${q(slot.name)}${methodKey(slot.name) !== slot.name ? `, method: ${q(methodKey(slot.name))}` : ''}, returns: ${q(sig.idlReturns)}${slot.method.placeholder ? ', placeholder: true' : ''}${params.length ? `, parameters: [${params.join(', ')}]` : ''} }`;
    });
    const inherited = own === model.vtable && model.vtable.some((s) => s.declaredIn !== model.name)
      ? `\n    inherited: [${model.vtable.filter((s) => s.declaredIn !== model.name).map((s) => q(s.declaredIn)).join(', ')}],`
      : '';
    const slotList = slots.length ? `[\n      ${slots.join(',\n      ')},\n    ]` : '[]';
    return `${q(model.name)}: {\n    iid: ${q(model.iid)},\n    base: ${q(base)},\n    fingerprint: ${q(ctx.fingerprint(model))},${inherited}\n    slots: ${slotList},\n  }`;
  });
  const structs = library.modules.flatMap((m) =>
    m.declarations.flatMap((d) => {
      if (d.kind !== 'struct' || d.name === 'GUID' || d.name === '_GUID') return [];
      const fields = aggregateFields(d.node).map((f) => {
        const use = typeUse(f.specifiers, f.declarator, f.attributes);
        return `{ name: ${q(f.name)}, type: ${q(types.canonical(use))}, marshal: ${types.marshalOf(use, [])} }`;
      });
      return [`${q(d.name)}: { name: ${q(d.name)}, fields: [${fields.join(', ')}], zero: ${types.zeroOf(typeUse({ kind: 'specifiers', qualifiers: [], storage: [], callingConvention: null, type: { kind: 'type-name', name: d.name, typeArguments: null, span: d.node.span }, span: d.node.span }, null))} }`];
    }),
  );
  return {
    path: 'src/vtables.ts',
    content: {
      kind: 'ts',
      statements: [
        generatedHeader(ctx.names.source),
        { kind: StructureKind.ImportDeclaration, moduleSpecifier: '@comidl/runtime', namedImports: ['defineVtables', 'freezeLayouts'] },
        { kind: StructureKind.ImportDeclaration, moduleSpecifier: '@comidl/runtime', isTypeOnly: true, namedImports: ['StructLayout'] },
        dataStatement(
          [
            "Every interface's vtable, in slot order, as the model computed it: what proxies, stubs and mocks dispatch by.",
            "Each entry lists the slots its interface declares; `defineVtables` puts the base's slots first.",
          ],
          `export const vtables = defineVtables({\n  ${entries.join(',\n  ')},\n});`,
        ),
        dataStatement(
          ["The structures' fields (with how interface pointers inside them travel) and their zero values."],
          `export const structs = freezeLayouts({\n  ${structs.join(',\n  ')}${structs.length ? ',' : ''}\n} satisfies Record<string, StructLayout>);`,
        ),
      ],
    },
  };
}

function docs(lines: string[]): { description: string }[] {
  return lines.length ? [{ description: lines.join('\n') }] : [];
}

function renamed(d: LibraryDeclaration): string[] {
  return d.tsName !== d.name ? [`Named \`${d.name}\` in the IDL; renamed because TypeScript reserves that name or another declaration took it.`] : [];
}

function constantLiteral(v: ConstantValue | undefined, int64: boolean, written: string | null): { text: string; type?: string } | null {
  if (v === undefined) return null;
  if (typeof v === 'string') return { text: JSON.stringify(v) };
  if (typeof v === 'boolean') return { text: String(v) };
  if (typeof v === 'number') return { text: Number.isFinite(v) ? String(v) : 'NaN' };
  if (int64) return { text: `${v}n` };
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) return { text: `${v}n`, type: 'bigint' };
  const hex = written && /^0[xX][0-9a-fA-F]+[uUlL]*$/.test(written) ? written.replace(/[uUlL]+$/, '').toLowerCase().replace(/^0x/, '0x') : null;
  if (hex && BigInt(hex) === v) return { text: hex };
  return { text: String(v) };
}

/** C's conversion of an integer constant to its declared type: `const HRESULT X = 0x80040102` is negative. */
function fitInteger(v: ConstantValue | undefined, words: string | null, byte: boolean): ConstantValue | undefined {
  if (typeof v !== 'bigint' || words === null) return v;
  const bits = byte || /char|small|byte/.test(words) ? 8 : /short/.test(words) ? 16 : 32;
  return /unsigned/.test(words) || byte ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}
