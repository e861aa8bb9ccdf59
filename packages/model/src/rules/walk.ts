/**
 * Walks one file's declarations with the namespace and template parameters in force, handing each
 * declaration to a visitor. Shared by the rules so each of them states only what it checks.
 */
import type {
  DeclarationSpecifiers,
  Field,
  Method,
  Parameter,
  Statement,
  StructMember,
  TypeReference,
  TypeSpecifier,
} from '@comidl/parser';

export interface WalkContext {
  namespace: string;
  templateParameters: readonly string[];
  /** `interface IFoo`, `struct tagX`: the declaration being walked, for diagnostics. */
  context: string | undefined;
}

export interface DeclarationVisitor {
  method?(m: Method, ctx: WalkContext): void;
  /** A struct or union body: its fields. */
  fields?(fields: Field[], ctx: WalkContext): void;
  /** Every declaration specifier of the file (types of parameters, fields, typedefs, returns...). */
  specifiers?(s: DeclarationSpecifiers, ctx: WalkContext): void;
  statement?(s: Statement, ctx: WalkContext): void;
}

/** One visitor that hands each declaration to all of `visitors`, in order; hooks none of them has stay unset. */
export function combineVisitors(visitors: readonly DeclarationVisitor[]): DeclarationVisitor {
  const method = visitors.flatMap((v) => (v.method ? [v.method.bind(v)] : []));
  const fields = visitors.flatMap((v) => (v.fields ? [v.fields.bind(v)] : []));
  const specifiers = visitors.flatMap((v) => (v.specifiers ? [v.specifiers.bind(v)] : []));
  const statement = visitors.flatMap((v) => (v.statement ? [v.statement.bind(v)] : []));
  const combined: DeclarationVisitor = {};
  if (method.length) combined.method = (m, ctx) => method.forEach((f) => f(m, ctx));
  if (fields.length) combined.fields = (f, ctx) => fields.forEach((g) => g(f, ctx));
  if (specifiers.length) combined.specifiers = (s, ctx) => specifiers.forEach((f) => f(s, ctx));
  if (statement.length) combined.statement = (s, ctx) => statement.forEach((f) => f(s, ctx));
  return combined;
}

export function walkStatements(statements: readonly Statement[], v: DeclarationVisitor, ctx: WalkContext): void {
  for (const s of statements) walkStatement(s, v, ctx);
}

function walkStatement(s: Statement, v: DeclarationVisitor, ctx: WalkContext): void {
  v.statement?.(s, ctx);
  switch (s.kind) {
    case 'namespace':
      walkStatements(s.statements, v, { ...ctx, namespace: ctx.namespace ? `${ctx.namespace}.${s.name}` : s.name });
      return;
    case 'library':
      walkStatements(s.statements, v, ctx);
      return;
    case 'module':
      walkStatements(s.members.filter((m) => m.kind !== 'import') as Statement[], v, { ...ctx, context: `module ${s.name}` });
      return;
    case 'interface': {
      const inner = { ...ctx, templateParameters: s.templateParameters ?? [], context: `interface ${s.name}` };
      for (const m of s.members ?? []) {
        if (m.kind === 'import') continue;
        walkStatement(m, v, inner);
      }
      return;
    }
    case 'dispinterface': {
      if (s.body?.kind !== 'members') return;
      const inner = { ...ctx, context: `dispinterface ${s.name}` };
      walkStatements([...s.body.properties, ...s.body.methods], v, inner);
      return;
    }
    case 'delegate': {
      const inner = { ...ctx, templateParameters: s.templateParameters ?? [], context: `delegate ${s.name}` };
      v.specifiers?.(s.returnType, inner);
      walkParameters(s.parameters, v, inner);
      return;
    }
    case 'method':
      v.method?.(s, ctx);
      v.specifiers?.(s.returnType, ctx);
      walkParameters(s.parameters, v, ctx);
      return;
    case 'typedef':
    case 'const':
      walkSpecifiers(s.specifiers, v, ctx);
      return;
    case 'declaration':
      walkSpecifiers(s.specifiers, v, ctx);
      for (const d of s.declarators) {
        for (const suffix of d.declarator.suffixes) if (suffix.kind === 'parameters') walkParameters(suffix.parameters, v, ctx);
      }
      return;
    case 'declare':
      for (const t of s.interfaces) for (const a of t.typeArguments ?? []) walkTypeReference(a, v, ctx);
      return;
    default:
      return;
  }
}

function walkParameters(parameters: readonly Parameter[], v: DeclarationVisitor, ctx: WalkContext): void {
  for (const p of parameters) walkSpecifiers(p.specifiers, v, ctx);
}

function walkTypeReference(t: TypeReference, v: DeclarationVisitor, ctx: WalkContext): void {
  walkSpecifiers(t.specifiers, v, ctx);
}

export function walkSpecifiers(s: DeclarationSpecifiers, v: DeclarationVisitor, ctx: WalkContext): void {
  v.specifiers?.(s, ctx);
  walkTypeSpecifier(s.type, v, ctx);
}

function walkTypeSpecifier(t: TypeSpecifier, v: DeclarationVisitor, ctx: WalkContext): void {
  switch (t.kind) {
    case 'struct':
    case 'union':
      if (t.members) walkMembers(t.members, v, { ...ctx, context: t.name ? `${t.kind} ${t.name}` : ctx.context });
      return;
    case 'encapsulated-union': {
      const inner = { ...ctx, context: t.name ? `union ${t.name}` : ctx.context };
      v.fields?.(
        t.arms.map((a) => a.field),
        inner,
      );
      walkSpecifiers(t.switchType, v, inner);
      for (const a of t.arms) if (a.field.specifiers) walkSpecifiers(a.field.specifiers, v, inner);
      return;
    }
    case 'type-name':
      for (const a of t.typeArguments ?? []) walkTypeReference(a, v, ctx);
      return;
    case 'safearray':
      walkTypeReference(t.element, v, ctx);
      return;
    default:
      return;
  }
}

function walkMembers(members: readonly StructMember[], v: DeclarationVisitor, ctx: WalkContext): void {
  const fields = members.filter((m): m is Field => m.kind === 'field');
  v.fields?.(fields, ctx);
  for (const f of fields) if (f.specifiers) walkSpecifiers(f.specifiers, v, ctx);
}
