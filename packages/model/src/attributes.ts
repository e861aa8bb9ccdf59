/**
 * MIDL attributes: the lists of attribute names the model and the emitters decide by, and reading them
 * (presence, the first argument as a name or string, the IID).
 */
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

/**
 * The `uuid(...)` of a declaration (or its `async_uuid(...)`), lowercase without braces; undefined when absent,
 * null when malformed.
 */
export function uuidOf(attributes: readonly Attribute[], name: 'uuid' | 'async_uuid' = 'uuid'): string | null | undefined {
  const a = findAttribute(attributes, name);
  if (!a) return undefined;
  const text = argumentText(a.arguments?.[0])?.replace(/^\{|\}$/g, '');
  return text && uuidPattern.test(text) ? text.toLowerCase() : null;
}

/** The attributes that size a pointer or an array, or bound the part of it that is transmitted. */
export const sizeAttributes: ReadonlySet<string> = new Set(['size_is', 'length_is', 'max_is', 'first_is', 'last_is']);

/**
 * The attributes whose arguments name other parameters (in a method) or fields (in a structure): the sizing
 * ones, `min_is`, `iid_is`, `switch_is` and `byte_count`.
 */
export const referencingAttributes: ReadonlySet<string> = new Set([...sizeAttributes, 'min_is', 'iid_is', 'switch_is', 'byte_count']);
