/**
 * Writes literals (`literal.ts`) through ts-morph's writer: strings with the writer's `quote()`, objects laid
 * out one member per line with ts-morph's `Writers.object`, the rest token by token.
 */
import { Writers, type CodeBlockWriter, type WriterFunction } from 'ts-morph';
import { isPlainString, literalKey, LiteralLayout, stringLiteral, type Literal, type LiteralObject } from './literal';

/** A string literal: the writer's `quote()`, or the escaped form when the value holds a line break or control character. */
export function writeString(w: CodeBlockWriter, value: string): void {
  if (isPlainString(value)) w.quote(value);
  else w.write(stringLiteral(value));
}

export function writeLiteral(w: CodeBlockWriter, value: Literal): void {
  if (value === null) {
    w.write('null');
  } else if (typeof value === 'string') {
    writeString(w, value);
  } else if (typeof value === 'number') {
    w.write(Number.isFinite(value) ? String(value) : 'NaN');
  } else if (typeof value === 'bigint') {
    w.write(String(value)).write('n');
  } else if (typeof value === 'boolean') {
    w.write(value ? 'true' : 'false');
  } else if (typeof value === 'function') {
    value(w);
  } else if (value instanceof LiteralLayout) {
    writeLaidOut(w, value);
  } else if (isArray(value)) {
    w.write('[');
    value.forEach((v, i) => {
      w.conditionalWrite(i > 0, ', ');
      writeLiteral(w, v);
    });
    w.write(']');
  } else {
    const entries = definedEntries(value);
    if (!entries.length) {
      w.write('{}');
      return;
    }
    w.write('{ ');
    entries.forEach(([k, v], i) => {
      w.conditionalWrite(i > 0, ', ');
      w.write(literalKey(k)).write(': ');
      writeLiteral(w, v);
    });
    w.write(' }');
  }
}

/** A writer function that writes `value`: for initializers. */
export function literalWriter(value: Literal): WriterFunction {
  return (w) => writeLiteral(w, value);
}

/** One member per line: arrays item by item, objects through `Writers.object`. */
function writeLaidOut(w: CodeBlockWriter, layout: LiteralLayout): void {
  const { value } = layout;
  if (isArray(value)) {
    if (!value.length) {
      w.write('[]');
      return;
    }
    w.write('[');
    w.indent(() => {
      value.forEach((v, i) => {
        if (i > 0) w.write(',').newLine();
        writeLiteral(w, v);
      });
      w.newLine();
    });
    w.write(']');
    return;
  }
  // No prototype: a key such as `__proto__` is a key like any other.
  const members = Object.create(null) as Record<string, WriterFunction>;
  for (const [k, v] of definedEntries(value)) members[literalKey(k, layout.quoteKeys)] = literalWriter(v);
  Writers.object(members)(w);
}

function definedEntries(value: LiteralObject): [string, Literal][] {
  return Object.entries(value).filter((e): e is [string, Literal] => e[1] !== undefined);
}

function isArray(value: unknown): value is readonly Literal[] {
  return Array.isArray(value);
}
