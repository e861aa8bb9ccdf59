/**
 * The interfaces emitter: per IDL file a module with its typedefs, structures, enums, constants, interfaces
 * (methods in vtable order, IDL names, doc comments with the slot number) and IIDs; `vtables.ts` with every
 * interface's layout and the structures' layouts as frozen data; `index.ts`.
 */
import { layoutVtable, type InterfaceModel } from '@comidl/model';
import type { ConstantValue } from '@comidl/model';
import {
  StructureKind,
  type InterfaceDeclarationStructure,
  type MethodSignatureStructure,
  type PropertySignatureStructure,
  type StatementStructures,
  type WriterFunction,
} from 'ts-morph';
import { ConstantTable } from '../constants';
import { docLines, docOf } from '../doc';
import { EmitContext, inheritedCount, startsWithIUnknown, type EmitOptions } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { lineComment } from '../escape';
import { generatedFrom, generatedHeader, type SourceLocation } from '../header';
import { FileImports } from '../imports';
import type { LibraryDeclaration, LibraryModule } from '../library';
import { lines, record, type Literal, type LiteralObject } from '../literal';
import { literalWriter, writeLiteral } from '../literal-writer';
import { enumMemberKey, methodKey, methodName, propertyName } from '../naming';
import { globalSymbols, LAYOUT_MODULE, runtimeSymbols } from '../symbols';
import { reference, tsBigint, tsNumber, tsString, type TsType } from '../ts-type';
import { aggregateFields, noZero, typeUse } from '../type-mapper';
import { typeWriter, writeType } from '../type-writer';
import { EXPORTED_CONST, callWriter, docs, indexFile } from './code';

const at = (module: LibraryModule, line: number): SourceLocation => ({ file: module.source, line });

export function emitInterfaces(ctx: EmitContext, options: EmitOptions): GeneratedFile[] {
  const { library } = ctx;
  const values = new ConstantTable(library);
  // A used library's modules are its packages' (`"uses"`); vtables.ts still lays out every interface.
  const files: GeneratedFile[] = library.modules.filter((m) => !m.external).map((module) => moduleFile(ctx, options, module, values));
  files.push(vtablesFile(ctx, options));
  files.push(indexFile(options, files));
  return files;
}

function moduleFile(ctx: EmitContext, options: EmitOptions, module: LibraryModule, values: ConstantTable): GeneratedFile {
  const { library, types } = ctx;
  const imports = new FileImports({ scope: options.scope, sources: options.sources, package: 'interfaces', module: module.name });
  const statements: (StatementStructures | WriterFunction)[] = [];
  /** A type the file writes: its symbols imported, printed by a writer function. */
  const useType = (t: TsType) => typeWriter(imports.type(t));
  const guid = reference(ctx.symbols.guid());

  for (const d of module.declarations) {
    // Named in the warnings of types that fall back (G002).
    types.context = `${d.kind === 'define' ? '#define' : d.kind === 'alias' ? 'typedef' : d.kind === 'struct' ? d.node.kind.replace('encapsulated-', '') : d.kind === 'opaque-interface' ? 'interface' : d.kind === 'opaque-struct' ? d.tag : d.kind} ${d.name}`;
    switch (d.kind) {
      case 'alias': {
        const use = typeUse(d.typedef.specifiers, d.declarator, d.typedef.attributes);
        statements.push({
          kind: StructureKind.TypeAlias,
          isExported: true,
          name: d.tsName,
          type: useType(types.aliasType(d.name, use)),
          docs: docs([...docOf(d.doc, d.typedef.attributes), generatedFrom(`typedef ${d.name}`, at(module, d.declarator.span.line || d.typedef.span.line)), ...renamed(d)]),
        });
        break;
      }
      case 'struct': {
        if (d.name === 'GUID' || d.name === '_GUID') {
          statements.push({
            kind: StructureKind.TypeAlias,
            isExported: true,
            name: d.tsName,
            type: useType(tsString),
            docs: docs([...docLines(d.doc), 'A GUID as a lowercase string without braces: `00000000-0000-0000-c000-000000000046`.', generatedFrom(`struct ${d.name}`, at(module, d.node.span.line))]),
          });
          break;
        }
        const shape = types.aggregateType(d.node);
        if (shape.kind !== 'object') {
          // A union, or a structure with a union flattened into it: a type alias of its shape.
          statements.push({
            kind: StructureKind.TypeAlias,
            isExported: true,
            name: d.tsName,
            type: useType(shape),
            docs: docs([...docLines(d.doc), generatedFrom(`${d.node.kind === 'struct' ? 'struct' : 'union'} ${d.name}`, at(module, d.node.span.line)), ...renamed(d)]),
          });
          break;
        }
        // Its fields, those of nameless structures inside included; each named field's doc comment.
        const named = new Map(aggregateFields(d.node).map((f) => [f.name, f]));
        const properties: PropertySignatureStructure[] = shape.members.map((m) => {
          const f = named.get(m.name);
          return {
            kind: StructureKind.PropertySignature,
            name: propertyName(m.name),
            hasQuestionToken: m.optional,
            type: useType(m.type),
            docs: docs(f ? docOf(f.doc, f.attributes) : []),
          };
        });
        statements.push({
          kind: StructureKind.Interface,
          isExported: true,
          name: d.tsName,
          properties,
          docs: docs([...docLines(d.doc), generatedFrom(`${d.node.kind === 'struct' ? 'struct' : 'union'} ${d.name}`, at(module, d.node.span.line)), ...renamed(d)]),
        });
        break;
      }
      case 'enum': {
        const members = values.enumValues(d.node);
        statements.push({
          kind: StructureKind.Enum,
          isExported: true,
          name: d.tsName,
          members: (d.node.members ?? []).map((m) => ({
            kind: StructureKind.EnumMember,
            name: propertyName(enumMemberKey(m.name)),
            value: Number(BigInt.asIntN(32, members.get(m.name)!)),
            docs: docs([...docOf(m.doc, m.attributes), ...(enumMemberKey(m.name) !== m.name ? [`Named \`${m.name}\` in the IDL; renamed because an enum object cannot hold a member of that name.`] : [])]),
          })),
          docs: docs([...docLines(d.doc), generatedFrom(`enum ${d.name}`, at(module, d.node.span.line)), ...renamed(d)]),
        });
        // C puts enum members in the global scope: so do we, as constants beside the enum.
        // Which members, and under what names, was decided with the library's names.
        for (const m of library.naming.looseMembers(d.node)) {
          const key = enumMemberKey(m.member);
          statements.push({
            ...EXPORTED_CONST,
            declarations: [{ name: m.name, initializer: (w) => w.write(d.tsName).write('.').write(key) }],
          });
        }
        break;
      }
      case 'const': {
        const use = typeUse(d.node.specifiers, d.node.declarator);
        const r = types.resolveUse(use);
        // `const boolean X = TRUE;`: C's boolean of an integer (imnxport).
        const computed = values.value(d.name);
        const v = r.kind === 'bool' && r.pointers === 0 && typeof computed === 'bigint' ? computed !== 0n : computed;
        const literal = constantLiteral(fitInteger(v, r.kind === 'int' || r.kind === 'enum' ? r.name : null, r.byte), r.kind === 'int64', d.node.value.kind === 'number' ? d.node.value.text : null);
        if (literal === null) {
          const note = lineComment(`const ${d.name}: its value is not a constant expression comidl can compute (${module.source}:${d.node.span.line})`);
          statements.push((w) => w.write(note.trimEnd()));
          break;
        }
        // `(OLECHAR *)-1` and the like: a pointer constant holding a number is a sentinel address.
        const sentinel = r.pointers > 0 && typeof v !== 'string';
        const type = sentinel ? (typeof literal.value === 'bigint' ? tsBigint : tsNumber) : (literal.type ?? types.typeOf(use));
        statements.push({
          ...EXPORTED_CONST,
          declarations: [{ name: d.tsName, type: useType(type), initializer: literalWriter(literal.value) }],
          docs: docs([...docOf(d.node.doc, d.node.attributes), ...(sentinel ? [`A sentinel address: a pointer constant holding a number.`] : []), generatedFrom(`const ${d.name}`, at(module, d.node.span.line))]),
        });
        break;
      }
      case 'interface':
        statements.push(...interfaceStatements(ctx, module, d.model, d.tsName, useType));
        break;
      case 'opaque-interface': {
        const base = types.symbolOf('IUnknown');
        statements.push({
          kind: StructureKind.Interface,
          isExported: true,
          name: d.tsName,
          extends: base && base.name !== d.tsName ? [useType(reference(base))] : [],
          docs: docs([`Declared (\`interface ${d.name};\`) but not defined in the IDL: only IUnknown's methods are known.`]),
        });
        break;
      }
      case 'define': {
        const { value, written, cast } = d.define;
        // A cast gives the value its type, with C's conversion: `((HRESULT)0x80070490)` is negative.
        const r = cast ? types.resolveName(cast) : null;
        const numeric = r !== null && r.pointers === 0 && (r.kind === 'int' || r.kind === 'enum' || r.kind === 'float');
        const literal = constantLiteral(fitInteger(value, numeric && r.kind !== 'float' ? r.name : null, numeric && r.byte), numeric && r.kind === 'int64', written);
        if (literal === null) break;
        const castType = cast && numeric ? types.symbolOf(cast) : null;
        const type = literal.type ?? (castType ? reference(castType) : typeof value === 'string' ? tsString : typeof value === 'bigint' && numeric && r.kind === 'int64' ? tsBigint : tsNumber);
        statements.push({
          ...EXPORTED_CONST,
          declarations: [{ name: d.tsName, type: useType(type), initializer: literalWriter(literal.value) }],
          docs: docs([generatedFrom(`cpp_quote("#define ${d.name} ...")`, at(module, d.span.line)), ...renamed(d)]),
        });
        break;
      }
      case 'opaque-struct':
        statements.push({
          kind: StructureKind.Interface,
          isExported: true,
          name: d.tsName,
          properties: [{ kind: StructureKind.PropertySignature, name: '__opaque', isReadonly: true, type: (w) => w.quote(d.name) }],
          docs: docs([`Declared (\`${d.tag} ${d.name}\`) but defined nowhere in the IDL: an opaque type, which only the API that hands it out produces.`, generatedFrom(`${d.tag} ${d.name}`, at(module, d.span.line)), ...renamed(d)]),
        });
        break;
      case 'coclass':
        statements.push({
          ...EXPORTED_CONST,
          declarations: [{ name: d.tsName, type: useType(guid), initializer: literalWriter(d.iid) }],
          docs: docs([...docLines(d.node.doc), generatedFrom(`coclass ${d.node.name}`, at(module, d.node.span.line))]),
        });
        break;
    }
  }
  types.context = undefined;
  // A file that declares nothing TypeScript can hold (only imports, or cpp_quote text) is still a module.
  if (!statements.length) statements.push({ kind: StructureKind.ExportDeclaration, namedExports: [] });
  return { path: `src/${module.name}.ts`, content: { kind: 'ts', header: generatedHeader(module.source), statements: [...imports.structures(), ...statements] } };
}

function interfaceStatements(ctx: EmitContext, module: LibraryModule, model: InterfaceModel, tsName: string, useType: (t: TsType) => WriterFunction): StatementStructures[] {
  const { types } = ctx;
  // A parameterized interface's methods name its type parameters (`T`), which are the generic interface's.
  types.templateParameters = model.templateParameters ?? [];
  try {
    return interfaceStatementsOf(ctx, module, model, tsName, useType);
  } finally {
    types.templateParameters = [];
  }
}

function interfaceStatementsOf(ctx: EmitContext, module: LibraryModule, model: InterfaceModel, tsName: string, useType: (t: TsType) => WriterFunction): StatementStructures[] {
  const { types, library } = ctx;
  const baseName = model.kind === 'dispinterface' ? 'IDispatch' : model.base;
  const base = baseName ? types.symbolOf(baseName) : null;
  // A parameterized interface has no vtable of its own in the model (each instantiation has one): its
  // methods laid out after its base's, as every instantiation lays them out.
  const baseModel = baseName ? types.lookup(baseName) : undefined;
  const vtable = model.templateParameters ? layoutVtable(model.name, baseModel?.kind === 'interface' ? baseModel.model.vtable : [], model.methods) : model.vtable;
  const methods: MethodSignatureStructure[] = vtable
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
          generatedFrom(`${model.name}::${slot.method.idlName}`, at(module, slot.method.span.line), `, vtable slot ${slot.index}`),
          ...sig.parameters.filter((p) => p.name !== p.idlName).map((p) => `Parameter \`${p.name}\` is \`${p.idlName}\` in the IDL.`),
        ]),
      };
    });
  const placeholders = vtable.filter((s) => s.declaredIn === model.name && s.method.placeholder).map((s) => s.index);
  const iid = model.templateParameters ? `parameterized (PIID ${model.iid ?? 'none'}: each instantiation has its own IID)` : model.iid ? `IID ${model.iid}` : 'no IID';
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: tsName,
      typeParameters: model.templateParameters ? [...model.templateParameters] : undefined,
      extends: base && base.name !== tsName ? [useType(reference(base))] : [],
      methods,
      docs: docs([
        ...docOf(model.doc, model.attributes),
        generatedFrom(`${model.kind} ${model.name}`, at(module, model.span.line), `, ${iid}, ${vtable.length} vtable slots`) +
          (placeholders.length ? `; reserved ${placeholders.length === 1 ? 'slot' : 'slots'} ${placeholders.join(', ')} ${placeholders.length === 1 ? 'is' : 'are'} not callable` : ''),
        ...(vtable.length && !model.templateParameters && !startsWithIUnknown(model) ? ["Its vtable does not start with IUnknown's QueryInterface, AddRef and Release: it has no proxy or stub (only COM objects cross a channel)."] : []),
      ]),
    } satisfies InterfaceDeclarationStructure,
  ];
  const iidName = library.iidNames.get(model.name);
  if (model.iid && iidName) {
    statements.push({
      ...EXPORTED_CONST,
      declarations: [{ name: iidName, type: useType(reference(ctx.symbols.guid())), initializer: literalWriter(model.iid) }],
      docs: docs([`The IID of ${model.name}.`]),
    });
  }
  return statements;
}

function vtablesFile(ctx: EmitContext, options: EmitOptions): GeneratedFile {
  const { library, types } = ctx;
  const imports = new FileImports({ scope: options.scope, sources: options.sources, package: 'interfaces', module: LAYOUT_MODULE });
  const inRecord = new Set<string>();
  const interfaces: [string, Literal][] = library.interfaces.map((model) => {
    const base = model.kind === 'dispinterface' ? 'IDispatch' : model.base;
    // Only the slots the interface declares itself when its base's entry comes earlier; all of them otherwise.
    const own = base !== null && inRecord.has(base) ? model.vtable.filter((s) => s.index >= inheritedCount(model)) : model.vtable;
    inRecord.add(model.name);
    const slots = own.map((slot): LiteralObject => {
      const sig = ctx.signature(slot);
      const parameters = sig.parameters.map((p): LiteralObject => ({
        name: p.idlName,
        direction: p.direction,
        type: p.idlType,
        marshal: p.marshal === 'value' ? undefined : p.marshal,
        retval: p.retval || undefined,
      }));
      return {
        index: slot.index,
        name: slot.name,
        method: methodKey(slot.name) !== slot.name ? methodKey(slot.name) : undefined,
        returns: sig.idlReturns,
        placeholder: slot.method.placeholder || undefined,
        parameters: parameters.length ? parameters : undefined,
      };
    });
    const inherited = own === model.vtable && model.vtable.some((s) => s.declaredIn !== model.name) ? model.vtable.filter((s) => s.declaredIn !== model.name).map((s) => s.declaredIn) : undefined;
    return [model.name, lines({ iid: model.iid, base, fingerprint: ctx.fingerprint(model), inherited, slots: lines(slots) })];
  });
  const structs: [string, Literal][] = library.modules.flatMap((m) =>
    m.declarations.flatMap((d): [string, Literal][] => {
      if (d.kind !== 'struct' || d.name === 'GUID' || d.name === '_GUID') return [];
      const fields = aggregateFields(d.node).map((f): LiteralObject => {
        const use = typeUse(f.specifiers, f.declarator, f.attributes);
        return { name: f.name, type: types.fieldCanonical(use), marshal: types.marshalOf(use, []) };
      });
      const zero = types.zeroOf(typeUse({ kind: 'specifiers', qualifiers: [], storage: [], callingConvention: null, type: { kind: 'type-name', name: d.name, typeArguments: null, span: d.node.span }, span: d.node.span }, null));
      // A structure whose zero value is too large to build on import has none (zeroStruct says why).
      return [[d.name, { name: d.name, fields, zero: zero === noZero ? undefined : zero }]];
    }),
  );
  const defineVtables = imports.value(runtimeSymbols.defineVtables);
  const defineStructs = imports.value(runtimeSymbols.defineStructs);
  const layoutRecord = imports.type(reference(globalSymbols.Record, tsString, reference(runtimeSymbols.StructLayout)));
  return {
    path: `src/${LAYOUT_MODULE}.ts`,
    content: {
      kind: 'ts',
      header: generatedHeader(options.source),
      statements: [
        ...imports.structures(),
        {
          ...EXPORTED_CONST,
          declarations: [{ name: 'vtables', initializer: callWriter(defineVtables, literalWriter(record(Object.fromEntries(interfaces)))) }],
          docs: docs([
            "Every interface's vtable, in slot order, as the model computed it: what proxies, stubs and mocks dispatch by.",
            "Each entry lists the slots its interface declares, each with the model's index; `defineVtables` puts the base's slots first and checks the indices.",
          ]),
        },
        {
          ...EXPORTED_CONST,
          declarations: [
            {
              name: 'structs',
              initializer: callWriter(defineStructs, (w) => {
                writeLiteral(w, record(Object.fromEntries(structs)));
                w.write(' satisfies ');
                writeType(w, layoutRecord);
              }),
            },
          ],
          docs: docs(["The structures' fields (with how interface pointers inside them travel) and their zero values."]),
        },
      ],
    },
  };
}

function renamed(d: LibraryDeclaration): string[] {
  return d.tsName !== d.name ? [`Named \`${d.name}\` in the IDL; renamed because TypeScript reserves that name or another declaration took it.`] : [];
}

/** A constant's value as a literal: hex kept when written so; an integer beyond 2^53 a bigint (typed so). */
function constantLiteral(v: ConstantValue | undefined, int64: boolean, written: string | null): { value: Literal; type?: TsType } | null {
  if (v === undefined) return null;
  if (typeof v !== 'bigint' || int64) return { value: v };
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) return { value: v, type: tsBigint };
  const hex = written && /^0[xX][0-9a-fA-F]+[uUlL]*$/.test(written) ? written.replace(/[uUlL]+$/, '').toLowerCase() : null;
  if (hex && BigInt(hex) === v) return { value: (w) => w.write(hex) };
  return { value: Number(v) };
}

/** C's conversion of an integer constant to its declared type: `const HRESULT X = 0x80040102` is negative. */
function fitInteger(v: ConstantValue | undefined, words: string | null, byte: boolean): ConstantValue | undefined {
  if (typeof v !== 'bigint' || words === null) return v;
  const bits = byte || /char|small|byte/.test(words) ? 8 : /short/.test(words) ? 16 : 32;
  return /unsigned/.test(words) || byte ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}
