/** The shape of a semantic rule: a stable code, a name, and a check over one file's declarations. */
import type { Diagnostic, ImportStatement, Span, Statement } from '@comidl/parser';
import type { DeclarationIndex } from '../declaration-index';
import type { Scope } from '../scope';
import type { InterfaceModel } from '../types';
import type { VtableProblem } from '../vtable';
import { walkStatements, type DeclarationVisitor } from './walk';

/** What the rules check one file with: its declarations and what the model made of them. Data only. */
export interface RuleContext {
  /** The file's statements. */
  statements: readonly Statement[];
  /** The file's declarations, indexed. */
  index: DeclarationIndex;
  /** The indices of the files it imports, transitively, in import order (not the file itself). */
  imported: readonly DeclarationIndex[];
  /** Its `import` statements, each with the path it resolved to (null: not found). */
  imports: readonly { statement: ImportStatement; name: string; path: string | null; searched: readonly string[]; tooDeep?: boolean; refused?: string }[];
  /** What the file can see. */
  scope: Scope;
  /** The interfaces the file defines, with their vtables. */
  interfaces: readonly InterfaceModel[];
  /** Interfaces whose base chain loops back on itself. */
  cyclic: ReadonlySet<InterfaceModel>;
  /** Problems found while laying out the vtables. */
  vtableProblems: ReadonlyMap<InterfaceModel, readonly VtableProblem[]>;
}

export interface Rule {
  /** Stable diagnostic code, e.g. `M001`. */
  code: string;
  /** Kebab-case rule name, the file name of the rule. */
  id: string;
  check(ctx: RuleContext): Diagnostic[];
  /**
   * For a rule that looks at declarations one by one: the visitor that reports into `out`. `check` walks
   * the file with it alone; `runRules` walks the file once with the visitors of all such rules.
   */
  visitor?(ctx: RuleContext, out: Diagnostic[]): DeclarationVisitor;
}

/** A rule stated as a declaration visitor; its `check` walks the file's statements with it. */
export function walkingRule(rule: Omit<Rule, 'check' | 'visitor'> & { visitor(ctx: RuleContext, out: Diagnostic[]): DeclarationVisitor }): Rule {
  return {
    ...rule,
    check(ctx) {
      const out: Diagnostic[] = [];
      walkStatements(ctx.statements, rule.visitor(ctx, out), fileWalkContext());
      return out;
    },
  };
}

/** Where a walk of a whole file starts: no namespace, no template parameters, no enclosing declaration. */
export function fileWalkContext() {
  return { namespace: '', templateParameters: [], context: undefined };
}

export function diagnostic(rule: Rule, span: Span, message: string, context?: string): Diagnostic {
  const d: Diagnostic = { file: span.file, line: span.line, column: span.column, code: rule.code, severity: 'error', message };
  if (context) d.context = context;
  return d;
}
