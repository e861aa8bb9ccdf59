/** The semantic rules, each in its own file, run in code order over one file's declarations. */
import type { Diagnostic } from '@comidl/parser';
import { attributeReference } from './attribute-reference';
import { cyclicBase } from './cyclic-base';
import { unknownBase } from './unknown-base';
import { callAsTarget } from './call-as-target';
import { duplicateIid } from './duplicate-iid';
import { duplicateMember } from './duplicate-member';
import { objectUuid } from './object-uuid';
import { outNotPointer } from './out-not-pointer';
import { retvalPosition } from './retval-position';
import type { Rule, RuleContext } from './rule';
import { unknownType } from './unknown-type';

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
  callAsTarget,
];

export function runRules(ctx: RuleContext): Diagnostic[] {
  return rules.flatMap((r) => r.check(ctx));
}

export type { Rule, RuleContext };
