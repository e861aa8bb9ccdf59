/** Reading attributes: presence, the first argument as a name or string, the IID. */
import type { Attribute, AttributeArgument } from '@comidl/parser';
import { printExpression } from '@comidl/parser';

export function hasAttribute(attributes: readonly Attribute[], name: string): boolean {
  return attributes.some((a) => a.name === name);
}

export function findAttribute(attributes: readonly Attribute[], name: string): Attribute | undefined {
  return attributes.find((a) => a.name === name);
}

/** The text of an attribute argument: a name, a string's value, an expression printed. */
export function argumentText(a: AttributeArgument | null | undefined): string | null {
  if (!a) return null;
  if (a.kind === 'uuid') return a.value;
  if (a.kind === 'string') return a.value;
  if (a.kind === 'type') return null;
  return printExpression(a);
}

const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The `uuid(...)` of a declaration, lowercase without braces; undefined when absent, null when malformed. */
export function uuidOf(attributes: readonly Attribute[]): string | null | undefined {
  const a = findAttribute(attributes, 'uuid');
  if (!a) return undefined;
  const text = argumentText(a.arguments?.[0])?.replace(/^\{|\}$/g, '');
  return text && uuidPattern.test(text) ? text.toLowerCase() : null;
}
