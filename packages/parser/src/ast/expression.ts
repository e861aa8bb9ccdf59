/**
 * C constant expressions, as they appear in `const` initializers, enum values, array sizes, `case` labels and
 * attribute arguments. Binary operators arrive flat from the grammar and get C precedence here.
 */
import type { Span } from './node';
import { printTypeReference, type TypeReference } from './type-specifier';

export type Expression =
  | NumberExpression
  | StringExpression
  | CharExpression
  | NameExpression
  | UnaryExpression
  | BinaryExpression
  | ConditionalExpression
  | CastExpression
  | SizeofExpression
  | MemberExpression
  | IndexExpression
  | ParenExpression;

export interface NumberExpression {
  kind: 'number';
  /** The literal as written (`0x80040154`, `1.0`, `10UL`). */
  text: string;
  span: Span;
}
export interface StringExpression {
  kind: 'string';
  /** The literals as written, with quotes and `L` prefix; adjacent literals concatenate. */
  literals: string[];
  /** The decoded, concatenated value. */
  value: string;
  wide: boolean;
  span: Span;
}
export interface CharExpression {
  kind: 'char';
  literal: string;
  span: Span;
}
export interface NameExpression {
  kind: 'name';
  name: string;
  span: Span;
}
export interface UnaryExpression {
  kind: 'unary';
  operator: '-' | '+' | '!' | '~' | '*' | '&';
  operand: Expression;
  span: Span;
}
export interface BinaryExpression {
  kind: 'binary';
  operator: string;
  left: Expression;
  right: Expression;
  span: Span;
}
export interface ConditionalExpression {
  kind: 'conditional';
  condition: Expression;
  whenTrue: Expression;
  whenFalse: Expression;
  span: Span;
}
export interface CastExpression {
  kind: 'cast';
  type: TypeReference;
  operand: Expression;
  span: Span;
}
export interface SizeofExpression {
  kind: 'sizeof';
  type: TypeReference;
  span: Span;
}
export interface MemberExpression {
  kind: 'member';
  object: Expression;
  operator: '.' | '->';
  member: string;
  span: Span;
}
export interface IndexExpression {
  kind: 'index';
  object: Expression;
  index: Expression;
  span: Span;
}
export interface ParenExpression {
  kind: 'paren';
  expression: Expression;
  span: Span;
}

/** C precedence, higher binds tighter. */
const precedence: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

/** Applies C precedence to an expression's flat operand and operator lists (precedence climbing). */
export function combineBinary(operands: readonly Expression[], operators: readonly string[]): Expression {
  if (operators.length === 0) return operands[0];
  let pos = 0;
  const climb = (minPrecedence: number): Expression => {
    let left = operands[pos];
    while (pos < operators.length && precedence[operators[pos]] >= minPrecedence) {
      const op = operators[pos];
      pos++;
      const right = climb(precedence[op] + 1);
      left = { kind: 'binary', operator: op, left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  };
  return climb(1);
}

/**
 * From the start of `a` to the end of `b`. When `a` already ends there it is the span, shared rather than
 * copied: in an expression from one macro expansion, every node has the expansion's span.
 */
function joinSpans(a: Span, b: Span): Span {
  if (a.endLine === b.endLine && a.endColumn === b.endColumn) return a;
  return { file: a.file, line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Decodes a C string literal (`"a\"b"`, `L"x"`) to its value. */
export function decodeStringLiteral(literal: string): string {
  const body = literal.slice(literal.startsWith('L') ? 2 : 1, -1);
  return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|[\s\S])/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return escapes[e] ?? e;
  });
}

/** Prints an expression back to IDL; parentheses are kept as written, so the tree round-trips. */
export function printExpression(e: Expression): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'string':
      return e.literals.join(' ');
    case 'char':
      return e.literal;
    case 'name':
      return e.name;
    case 'unary':
      return e.operator + printExpression(e.operand);
    case 'binary':
      return `${printOperand(e.left, e.operator, false)} ${e.operator} ${printOperand(e.right, e.operator, true)}`;
    case 'conditional':
      return `${printExpression(e.condition)} ? ${printExpression(e.whenTrue)} : ${printExpression(e.whenFalse)}`;
    case 'cast':
      return `(${printTypeReference(e.type)})${printExpression(e.operand)}`;
    case 'sizeof':
      return `sizeof(${printTypeReference(e.type)})`;
    case 'member':
      return `${printExpression(e.object)}${e.operator}${e.member}`;
    case 'index':
      return `${printExpression(e.object)}[${printExpression(e.index)}]`;
    case 'paren':
      return `(${printExpression(e.expression)})`;
  }
}

/**
 * Operands of a binary node print without added parentheses when precedence already groups them the same
 * way; where it would not (the tree came from elsewhere), parentheses keep the meaning.
 */
function printOperand(operand: Expression, parentOperator: string, isRight: boolean): string {
  const text = printExpression(operand);
  if (operand.kind === 'conditional') return `(${text})`;
  if (operand.kind !== 'binary') return text;
  const inner = precedence[operand.operator];
  const outer = precedence[parentOperator];
  if (inner > outer || (inner === outer && !isRight)) return text;
  return `(${text})`;
}
