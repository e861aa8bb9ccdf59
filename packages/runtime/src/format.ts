/**
 * Calls and values as the messages of mocks and fakes show them: `IOSTX::SyncBeg(uiSync = 4, ppv = [out])`.
 * HRESULT parameters print by name, [out] boxes by direction, test doubles by interface.
 */
import { hresultName } from './hresult.js';
import type { ParameterLayout, SlotLayout } from './layout.js';

/** A value that prints itself in messages (matchers, mocks, fakes) implements this method. */
export const describeForMessage: unique symbol = Symbol.for('comidl.describeForMessage');

interface SelfDescribing {
  [describeForMessage](): string;
}

const MAX_STRING = 60;
const MAX_ITEMS = 8;
const MAX_DEPTH = 2;

function isSelfDescribing(value: object): value is SelfDescribing {
  return typeof (value as Partial<SelfDescribing>)[describeForMessage] === 'function';
}

function isAsymmetricMatcher(value: object): value is { asymmetricMatch(v: unknown): boolean; toString(): string } {
  return typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function';
}

function formatString(text: string): string {
  const shown = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…` : text;
  return JSON.stringify(shown);
}

function formatBytes(bytes: ArrayLike<number>, name: string): string {
  const shown = Array.from({ length: Math.min(bytes.length, 16) }, (_, i) => (bytes[i] ?? 0).toString(16).padStart(2, '0'));
  return `${name}<${shown.join(' ')}${bytes.length > 16 ? ` …(${bytes.length} bytes)` : ''}>`;
}

function formatNested(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return formatString(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    case 'symbol':
      return value.toString();
    case 'undefined':
      return 'undefined';
    case 'number':
    case 'boolean':
      return String(value);
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (isSelfDescribing(object)) return object[describeForMessage]();
  if (isAsymmetricMatcher(object)) return object.toString();
  if (object instanceof Uint8Array) return formatBytes(object, 'bytes');
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    return formatBytes(object as unknown as ArrayLike<number>, object.constructor.name);
  }
  if (object instanceof Date) return object.toISOString();
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? '[…]' : '{…}';
  if (Array.isArray(object)) {
    const items = object.slice(0, MAX_ITEMS).map((v) => formatNested(v, depth + 1));
    if (object.length > MAX_ITEMS) items.push(`…(${object.length} items)`);
    return `[${items.join(', ')}]`;
  }
  const prototype = Object.getPrototypeOf(object) as object | null;
  if (prototype !== null && prototype !== Object.prototype) {
    const name = (object.constructor as { name?: string } | undefined)?.name;
    return `[${name || 'object'}]`;
  }
  const entries = Object.entries(object);
  const fields = entries.slice(0, MAX_ITEMS).map(([k, v]) => `${k}: ${formatNested(v, depth + 1)}`);
  if (entries.length > MAX_ITEMS) fields.push('…');
  return fields.length ? `{ ${fields.join(', ')} }` : '{}';
}

/** One value; `type` is the IDL type, so that an HRESULT prints as `E_FAIL`. */
export function formatValue(value: unknown, type?: string): string {
  if (typeof value === 'number' && (type === 'HRESULT' || type === 'SCODE')) return hresultName(value);
  return formatNested(value, 0);
}

function isBox(value: unknown): value is { value: unknown } {
  return typeof value === 'object' && value !== null && 'value' in value;
}

/** The value of one argument, without its name: `[out]` for an empty box, `[in, out] null` for a full one. */
export function formatArgumentValue(parameter: ParameterLayout | undefined, value: unknown): string {
  if (!parameter || parameter.direction === 'in') return formatValue(value, parameter?.type);
  if (!isBox(value)) return formatValue(value);
  if (value.value === undefined) return '[out]';
  const label = parameter.direction === 'out' ? '[out]' : '[in, out]';
  return `${label} ${formatValue(value.value, parameter.type.replace(/\s*\*$/, ''))}`;
}

/** `uiSync = 4, ppv = [out]`; arguments past the layout's parameters print by position. */
export function formatArguments(slot: SlotLayout, args: readonly unknown[]): string {
  const count = Math.max(slot.parameters.length, args.length);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const parameter = slot.parameters[i];
    const text = formatArgumentValue(parameter, args[i]);
    parts.push(parameter ? `${parameter.name} = ${text}` : text);
  }
  return parts.join(', ');
}

/** `IOSTX::SyncBeg(uiSync = 4, ppv = [out])`. */
export function formatCall(interfaceName: string, slot: SlotLayout, args: readonly unknown[]): string {
  return `${interfaceName}::${slot.name}(${formatArguments(slot, args)})`;
}
