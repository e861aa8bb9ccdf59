/**
 * Constant expressions: the grammar keeps operators flat and `combineBinary` applies C precedence; the printer
 * puts parentheses back only where the tree needs them.
 */
import { parseIdl, printExpression, type Expression } from '../src';
import { printTypeReference } from '../src/ast/type-specifier';

/** The value of `const int X = <text>;`, parsed without preprocessing and without diagnostics. */
function parseExpression(text: string): Expression {
  const r = parseIdl('expr.idl', `const int X = ${text};`, { noPreprocess: true });
  expect(r.diagnostics).toEqual([]);
  const s = r.ast.statements[0];
  if (s?.kind !== 'const') throw new Error(`not a constant: ${text}`);
  return s.value;
}

/** The tree with every node's grouping made explicit: `1 + 2 * 3` is `(1 + (2 * 3))`. */
function shape(e: Expression): string {
  switch (e.kind) {
    case 'binary':
      return `(${shape(e.left)} ${e.operator} ${shape(e.right)})`;
    case 'unary':
      return `${e.operator}${shape(e.operand)}`;
    case 'conditional':
      return `(${shape(e.condition)} ? ${shape(e.whenTrue)} : ${shape(e.whenFalse)})`;
    case 'paren':
      return `[${shape(e.expression)}]`;
    case 'cast':
      return `cast<${printTypeReference(e.type)}>${shape(e.operand)}`;
    case 'member':
      return `${shape(e.object)}${e.operator}${e.member}`;
    case 'index':
      return `${shape(e.object)}{${shape(e.index)}}`;
    default:
      return printExpression(e);
  }
}

describe('precedence', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 * 2 + 3', '((1 * 2) + 3)'],
    ['10 - 4 - 3', '((10 - 4) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['7 % 3 * 2', '((7 % 3) * 2)'],
    ['1 + 2 << 3', '((1 + 2) << 3)'],
    ['1 << 2 + 3', '(1 << (2 + 3))'],
    ['1 << 4 | 1 >> 1', '((1 << 4) | (1 >> 1))'],
    ['1 == 2 << 3', '(1 == (2 << 3))'],
    ['1 < 2 >> 3', '(1 < (2 >> 3))'],
    ['1 < 2 == 3 > 4', '((1 < 2) == (3 > 4))'],
    ['1 <= 2 != 3 >= 4', '((1 <= 2) != (3 >= 4))'],
    ['1 & 2 ^ 3 | 4', '(((1 & 2) ^ 3) | 4)'],
    ['1 | 2 ^ 3 & 4', '(1 | (2 ^ (3 & 4)))'],
    ['1 == 2 & 3', '((1 == 2) & 3)'],
    ['1 && 0 || 1', '((1 && 0) || 1)'],
    ['1 || 0 && 1', '(1 || (0 && 1))'],
    ['1 | 2 && 3', '((1 | 2) && 3)'],
    ['-1 + ~0 - +2', '((-1 + ~0) - +2)'],
    ['!a && !b', '(!a && !b)'],
    ['-(1 + 2) * 3', '(-[(1 + 2)] * 3)'],
    ['a.b + c->d', '(a.b + c->d)'],
    ['a[1 + 2] * 3', '(a{(1 + 2)} * 3)'],
  ])('%s', (text, expected) => {
    expect(shape(parseExpression(text))).toBe(expected);
  });
});

describe('conditional expressions', () => {
  it.each([
    ['1 ? 2 : 3', '(1 ? 2 : 3)'],
    ['0 ? 1 : 2 ? 3 : 4', '(0 ? 1 : (2 ? 3 : 4))'],
    ['0 ? 1 ? 2 : 3 : 4', '(0 ? (1 ? 2 : 3) : 4)'],
    ['1 + 2 ? 3 * 4 : 5 - 6', '((1 + 2) ? (3 * 4) : (5 - 6))'],
    ['a || b ? c : d', '((a || b) ? c : d)'],
  ])('%s', (text, expected) => {
    expect(shape(parseExpression(text))).toBe(expected);
  });
});

describe('shifts', () => {
  it('joins adjacent < < and > > into shift operators', () => {
    expect(shape(parseExpression('1 << 31 >> 2'))).toBe('((1 << 31) >> 2)');
  });

  it('keeps < < with space between as two comparisons, which do not parse', () => {
    const r = parseIdl('expr.idl', 'const int X = 1 < < 2;', { noPreprocess: true });
    expect(r.diagnostics.map((d) => d.code)).toContain('SYN001');
  });
});

describe('casts and sizeof', () => {
  it.each([
    ['(unsigned long)0xFFFF', 'cast<unsigned long>0xFFFF'],
    ['(struct tagX *)0', 'cast<struct tagX *>0'],
    ['(LONG)(void *)0', 'cast<LONG>cast<void *>0'],
    ['(ULONG)(1 + 2)', 'cast<ULONG>[(1 + 2)]'],
    ['(HRESULT)x', 'cast<HRESULT>x'],
    ['(HRESULT)~0', 'cast<HRESULT>~0'],
    ['(BYTE *)0', 'cast<BYTE *>0'],
    // A parenthesized name followed by an operator is not a cast: `(A) - 1` subtracts.
    ['(FOO) + 1', '([FOO] + 1)'],
    ['(ULONG)-1', '([ULONG] - 1)'],
    ['(unsigned long)(1) << 31 | (unsigned long)(4) << 16', '((cast<unsigned long>[1] << 31) | (cast<unsigned long>[4] << 16))'],
    ['sizeof(int) * 2', '(sizeof(int) * 2)'],
    ['sizeof(struct tagPOINT *)', 'sizeof(struct tagPOINT *)'],
  ])('%s', (text, expected) => {
    expect(shape(parseExpression(text))).toBe(expected);
  });
});

describe('printing', () => {
  it('prints what it parsed the way it was written, canonically spaced', () => {
    for (const text of ['1 + 2 * 3', '(1 + 2) * 3', '10 - (4 - 3)', '0 ? 1 : 2 ? 3 : 4', '-(1 + 2)', 'a->b[2].c', '"a" "b"']) {
      expect(printExpression(parseExpression(text))).toBe(text);
    }
  });

  const span = { file: 'x.idl', line: 1, column: 1, endLine: 1, endColumn: 1 };
  const num = (text: string): Expression => ({ kind: 'number', text, span });
  const bin = (operator: string, left: Expression, right: Expression): Expression => ({ kind: 'binary', operator, left, right, span });

  it('adds the parentheses a tree built elsewhere needs', () => {
    expect(printExpression(bin('*', bin('+', num('1'), num('2')), num('3')))).toBe('(1 + 2) * 3');
    expect(printExpression(bin('-', num('10'), bin('-', num('4'), num('3'))))).toBe('10 - (4 - 3)');
    expect(printExpression(bin('-', bin('-', num('10'), num('4')), num('3')))).toBe('10 - 4 - 3');
    expect(printExpression(bin('+', num('1'), bin('*', num('2'), num('3'))))).toBe('1 + 2 * 3');
    const conditional: Expression = { kind: 'conditional', condition: num('1'), whenTrue: num('2'), whenFalse: num('3'), span };
    expect(printExpression(bin('+', conditional, num('4')))).toBe('(1 ? 2 : 3) + 4');
  });

  it('round-trips every shape through print and parse', () => {
    for (const text of ['1 + 2 << 3', '1 | 2 ^ 3 & 4', '(HRESULT)((unsigned long)(1) << 31)', 'sizeof(void *) * 2', '~0 - +2']) {
      const e = parseExpression(text);
      expect(shape(parseExpression(printExpression(e)))).toBe(shape(e));
    }
  });
});

describe('literals', () => {
  it('keeps numbers and characters as written', () => {
    expect(parseExpression('0x80004005')).toMatchObject({ kind: 'number', text: '0x80004005' });
    expect(parseExpression("L'y'")).toMatchObject({ kind: 'char', literal: "L'y'" });
  });

  it('concatenates adjacent strings and decodes them', () => {
    expect(parseExpression('"one" L"two" "\\x41"')).toMatchObject({
      kind: 'string',
      literals: ['"one"', 'L"two"', '"\\x41"'],
      value: 'onetwoA',
      wide: true,
    });
  });
});

describe('spans', () => {
  it('covers operands and operators exactly', () => {
    const e = parseExpression('1 + 2 * 3');
    // `const int X = ` is 14 characters.
    expect(e.span).toMatchObject({ line: 1, column: 15, endLine: 1, endColumn: 23 });
    if (e.kind !== 'binary') throw new Error('not binary');
    expect(e.right.span).toMatchObject({ column: 19, endColumn: 23 });
  });
});
