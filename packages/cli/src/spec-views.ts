/**
 * What `comidl spec-check` hands the comparison of `@comidl/learn`: the interfaces, structures,
 * enumerations and constants an IDL file and its imports declare, each with its position, read from
 * the model (vtables, constant and enum member values) and the files' syntax trees (declarations as
 * written).
 */
import * as path from 'node:path';
import type { ComWorkspace, ConstantValue, ConstantValues, FileModel, InterfaceModel } from '@comidl/model';
import { parameterTypeText, scopeTypes } from '@comidl/model';
import {
  printExpression,
  type Declarator,
  type DeclarationSpecifiers,
  type EnumType,
  type Field,
  type Span,
  type Statement,
  type StructType,
} from '@comidl/parser';
import type { IdlConstantView, IdlEnumView, IdlInterfaceView, IdlStructureView } from '@comidl/learn';

const at = (s: Span) => ({ file: s.file, line: s.line, column: s.column });

function interfaceView(i: InterfaceModel): IdlInterfaceView {
  return {
    name: i.name,
    iid: i.iid,
    ...at(i.span),
    slots: i.vtable
      .filter((s) => s.declaredIn === i.name)
      .map((s) => ({
        name: s.name,
        placeholder: s.method.placeholder,
        ...at(s.method.span),
        params: s.method.parameters.map((p) => ({ name: p.name, type: p.type, direction: p.direction })),
      })),
  };
}

/** A member's C type as the model writes a parameter's (`const ULONG *`, `BYTE[4]`). */
function memberType(specifiers: DeclarationSpecifiers, declarator: Declarator, span: Span): string {
  return parameterTypeText({ kind: 'parameter', attributes: [], specifiers, declarator, name: declarator.name, span });
}

/** The name a typedef gives its type: the first declarator that is a plain name (`MAPISIB` of `MAPISIB, *PMAPISIB`). */
function plainName(declarators: readonly Declarator[]): string | null {
  const d = declarators.find((x) => x.prefix.length === 0 && x.nested === null && x.suffixes.length === 0 && x.name !== null);
  return d?.name ?? null;
}

function structureView(name: string, node: StructType, span: Span): IdlStructureView {
  const fields = (node.members ?? [])
    .filter((m): m is Field => m.kind === 'field' && m.specifiers !== null)
    .flatMap((f) =>
      f.declarators.map((d) => ({
        name: d.declarator.name ?? '',
        type: memberType(f.specifiers!, d.declarator, f.span),
        ...at(f.span),
      })),
    );
  return { name, ...at(span), fields };
}

/** An integer the model computed, as a number; null for anything else. */
function integer(v: ConstantValue | undefined): number | null {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null;
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

function enumView(name: string, node: EnumType, span: Span, values: ConstantValues): IdlEnumView {
  const computed = values.enumValues(node);
  return {
    name,
    ...at(span),
    members: (node.members ?? []).map((m) => ({ name: m.name, value: integer(computed.get(m.name)), ...at(m.span) })),
  };
}

/** Top-level statements and those of `library` blocks, in order. */
function* statements(list: readonly Statement[]): Generator<Statement> {
  for (const s of list) {
    yield s;
    if (s.kind === 'library') yield* statements(s.statements);
  }
}

/** Everything the files (loaded in `workspace`) declare that the pages may describe. */
export function idlViews(workspace: ComWorkspace, models: readonly FileModel[]): {
  interfaces: IdlInterfaceView[];
  structures: IdlStructureView[];
  enums: IdlEnumView[];
  constants: IdlConstantView[];
} {
  const structures: IdlStructureView[] = [];
  const enums: IdlEnumView[] = [];
  const constants: IdlConstantView[] = [];
  for (const m of models) {
    const values = scopeTypes(workspace.scope(workspace.unit(path.resolve(m.file)))).constants;
    for (const s of statements(m.ast.statements)) {
      if (s.kind === 'const') constants.push({ name: s.name, value: integer(values.value(s.name)), text: printExpression(s.value), ...at(s.span) });
      if (s.kind !== 'typedef' && s.kind !== 'declaration') continue;
      const type = s.specifiers.type;
      if ((type.kind !== 'struct' && type.kind !== 'enum') || type.members === null) continue;
      const name = (s.kind === 'typedef' ? plainName(s.declarators) : null) ?? type.name;
      if (name === null) continue;
      if (type.kind === 'struct') structures.push(structureView(name, type, s.span));
      else enums.push(enumView(name, type, s.span, values));
    }
  }
  const interfaces = models.flatMap((m) => m.interfaces.filter((i) => i.object).map(interfaceView));
  return { interfaces, structures, enums, constants };
}
