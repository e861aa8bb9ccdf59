/** The semantic rules, each in its own file, run in code order over one file's declarations. */
import type { Diagnostic } from '@comidl/parser';
import { attributeReference } from './attribute-reference';
import { cyclicBase } from './cyclic-base';
import { cyclicTypedef } from './cyclic-typedef';
import { unknownBase } from './unknown-base';
import { callAsTarget } from './call-as-target';
import { duplicateIid } from './duplicate-iid';
import { duplicateMember } from './duplicate-member';
import { missingImport } from './missing-import';
import { objectUuid } from './object-uuid';
import { outNotPointer } from './out-not-pointer';
import { retvalPosition } from './retval-position';
import { fileWalkContext, type Rule, type RuleContext } from './rule';
import { combineVisitors, walkStatements, type DeclarationVisitor } from './walk';
import { unknownType } from './unknown-type';
import { vtableLimit } from './vtable-limit';
import { referenceDepth } from './reference-depth';
import { constValue } from './const-value';

export const rules: readonly Rule[] = [
  unknownType,
  duplicateMember,
  outNotPointer,
  retvalPosition,
  objectUuid,
  duplicateIid,
  cyclicBase,
  unknownBase,
  attributeReference,
  missingImport,
  callAsTarget,
  cyclicTypedef,
  vtableLimit,
  referenceDepth,
  constValue,
];

/**
 * Every rule's diagnostics, rule by rule in code order. The rules stated as visitors share one walk of the
 * file (each reports into its own list, so the order is the same as one walk per rule); the others check
 * on their own.
 */
export function runRules(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[][] = [];
  const visitors: DeclarationVisitor[] = [];
  for (const rule of rules) {
    if (rule.visitor) {
      const out: Diagnostic[] = [];
      visitors.push(rule.visitor(ctx, out));
      found.push(out);
    } else found.push(rule.check(ctx));
  }
  walkStatements(ctx.statements, combineVisitors(visitors), fileWalkContext());
  return found.flat();
}

export type { Rule, RuleContext };
