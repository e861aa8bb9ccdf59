/** Syntax error messages in the words of IDL, not of the parser generator: "expected ';' but found 'x'". */
import { type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

const punctuation: Record<string, string> = {
  Ellipsis: '...',
  Arrow: '->',
  AndAnd: '&&',
  OrOr: '||',
  EqualEqual: '==',
  NotEqual: '!=',
  LessEqual: '<=',
  GreaterEqual: '>=',
  LCurly: '{',
  RCurly: '}',
  LParen: '(',
  RParen: ')',
  LBracket: '[',
  RBracket: ']',
  Semicolon: ';',
  Comma: ',',
  Colon: ':',
  Equals: '=',
  Dot: '.',
  Question: '?',
  Star: '*',
  Ampersand: '&',
  Pipe: '|',
  Caret: '^',
  Tilde: '~',
  Bang: '!',
  Plus: '+',
  Minus: '-',
  Slash: '/',
  Percent: '%',
  Less: '<',
  Greater: '>',
};

const described: Record<string, string> = {
  Name: 'a name',
  Identifier: 'a name',
  AnyWord: 'a word',
  StringLiteral: 'a string',
  NumberLiteral: 'a number',
  CharLiteral: 'a character',
  Uuid: 'a UUID',
  PragmaLine: '#pragma',
  BaseTypeKeyword: 'a type',
  CallingConvention: 'a calling convention',
  StorageClass: 'a storage class',
  EOF: 'end of file',
};

export function describeToken(t: TokenType): string {
  if (punctuation[t.name]) return `'${punctuation[t.name]}'`;
  if (described[t.name]) return described[t.name];
  if (t.name.endsWith('Keyword')) {
    const word = t.PATTERN instanceof RegExp ? t.PATTERN.source.replace(/\(\?!.*$/, '') : t.name;
    return `'${word}'`;
  }
  return t.name;
}

function found(actual: IToken): string {
  return actual.tokenType.name === 'EOF' ? 'end of file' : `'${actual.image}'`;
}

function alternatives(paths: TokenType[][][]): string {
  const firsts = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0]) firsts.add(describeToken(path[0]));
  const list = [...firsts];
  if (list.length > 6) return `${list.slice(0, 6).join(', ')}...`;
  return list.join(', ');
}

const ruleWords: Record<string, string> = {
  idlFile: 'a declaration',
  statement: 'a declaration',
  attributedStatement: 'a declaration',
  interfaceMember: 'a method or declaration',
  declarationSpecifiers: 'a type',
  expression: 'an expression',
  unaryExpression: 'an expression',
  attribute: 'an attribute',
  attributeArgument: 'an attribute argument',
  field: 'a field',
  parameterList: 'a parameter',
  unionArm: "'case' or 'default'",
};

export const midlErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${describeToken(expected)} but found ${found(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${found(firstRedundant)} after the last declaration`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const what = ruleWords[ruleName] ?? alternatives(expectedPathsPerAlt);
    return `expected ${what} but found ${found(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const what = ruleWords[ruleName] ?? alternatives([expectedIterationPaths]);
    return `expected ${what} but found ${found(actual[0])}`;
  },
};
