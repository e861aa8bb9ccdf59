/** The shape of a semantic rule: a stable code, a name, and a check over one file's declarations. */
import type { Diagnostic, Span } from '@comidl/parser';
import type { Scope } from '../scope';
import type { InterfaceModel } from '../types';
import type { ComWorkspace, Unit } from '../workspace';

export interface RuleContext {
  workspace: ComWorkspace;
  unit: Unit;
  scope: Scope;
  /** The interfaces the file defines, with their vtables. */
  interfaces: InterfaceModel[];
}

export interface Rule {
  /** Stable diagnostic code, e.g. `M001`. */
  code: string;
  /** Kebab-case rule name, the file name of the rule. */
  id: string;
  check(ctx: RuleContext): Diagnostic[];
}

export function diagnostic(rule: Rule, span: Span, message: string, context?: string): Diagnostic {
  const d: Diagnostic = { file: span.file, line: span.line, column: span.column, code: rule.code, severity: 'error', message };
  if (context) d.context = context;
  return d;
}
