/** Syntax errors speak IDL: tokens by their text, rules by what they stand for, never parser internals. */
import { parseIdl } from '../src';
import { describeToken } from '../src/error-messages';
import { MAX_RULE_DEPTH, MAX_SYNTAX_ERRORS } from '../src/parse-limits';
import * as T from '../src/tokens';

describe('describeToken', () => {
  it.each([
    [T.Semicolon, "';'"],
    [T.RCurly, "'}'"],
    [T.Ellipsis, "'...'"],
    [T.Arrow, "'->'"],
    [T.Interface, "'interface'"],
    [T.Int64, "'__int64'"],
    [T.WcharT, "'wchar_t'"],
    [T.Name, 'a name'],
    [T.Identifier, 'a name'],
    [T.StringLiteral, 'a string'],
    [T.NumberLiteral, 'a number'],
    [T.Uuid, 'a UUID'],
    [T.BaseTypeKeyword, 'a type'],
    [T.CallingConvention, 'a calling convention'],
  ])('%p', (type, words) => {
    expect(describeToken(type)).toBe(words);
  });
});

/** The messages of the syntax errors in `text`. */
function messages(text: string): string[] {
  return parseIdl('m.idl', text, { noPreprocess: true }).diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);
}

describe('messages', () => {
  it('names the expected and the found token', () => {
    expect(messages('interface IFoo { HRESULT F() }')).toEqual(["SYN001 1:30 expected ';' but found '}'"]);
  });

  it('says end of file, at the end of the last line', () => {
    expect(messages('interface IFoo {\n  HRESULT F();\n\n')).toEqual(["SYN001 2:15 expected '}' but found end of file"]);
  });

  it('names what a rule stands for', () => {
    expect(messages('const int X = ;')).toEqual(['SYN001 1:15 expected an expression but found \';\'']);
    expect(messages('interface I { HRESULT F(int a,); }')).toEqual(["SYN001 1:31 expected a parameter but found ')'"]);
    expect(messages('interface I { [local] 42; }')).toEqual(["SYN001 1:23 expected a method or declaration but found '42'"]);
    expect(messages('interface I { 42; }')).toEqual(["SYN001 1:15 expected '}' but found '42'"]);
  });

  it('reports input after the last declaration', () => {
    expect(messages('interface I;\n}')).toEqual(["SYN001 2:1 unexpected '}' after the last declaration"]);
    expect(messages('interface I;\n}\ninterface J;')).toEqual(["SYN001 2:1 expected end of file but found '}'"]);
  });

  it('reports unexpected and unterminated characters', () => {
    expect(messages('interface @I;')).toContain('LEX001 1:11 unexpected character "@"');
    expect(messages('const char *S = "open;')).toContain('LEX001 1:17 missing terminating " character');
    expect(messages("const char C = 'x;")).toContain("LEX001 1:16 missing terminating ' character");
    expect(messages('interface I;\n/* open')).toEqual(['LEX002 2:1 unterminated comment']);
  });

  it('stops at the limits with one diagnostic', () => {
    const deep = messages(`const int X = ${'('.repeat(300)}1${')'.repeat(300)};`);
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatch(new RegExp(`^SYN002 1:\\d+ nested too deeply to parse \\(more than ${MAX_RULE_DEPTH} grammar rules\\)`));
    const many = messages('[a' + '['.repeat(2 * MAX_SYNTAX_ERRORS) + '] interface I;');
    expect(many.at(-1)).toMatch(/^SYN003 1:\d+ too many syntax errors; the rest of the file is skipped/);
    expect(many.length).toBeLessThanOrEqual(MAX_SYNTAX_ERRORS + 1);
  });

  it('counts the errors of each parse afresh', () => {
    // Two thirds of the limit each: a count carried over from the first parse would stop the second.
    const text = 'interface I { ' + 'HRESULT F(]; '.repeat(Math.ceil((MAX_SYNTAX_ERRORS * 2) / 3)) + '}';
    const first = messages(text);
    expect(first.some((m) => m.startsWith('SYN003'))).toBe(false);
    expect(messages(text)).toEqual(first);
  });

  it('names the enclosing declaration, and none after a declaration ended', () => {
    const context = (text: string) => parseIdl('m.idl', text, { noPreprocess: true }).diagnostics.map((d) => d.context ?? null);
    expect(context('interface IFoo { HRESULT F() }')).toEqual(['interface IFoo']);
    expect(context('library L { coclass C { interface; } }')).toEqual(['coclass C']);
    expect(context('library L { coclass C { interface I; } 42 }')).toEqual(['library L']);
    expect(context('interface IFoo;\n42')).toEqual([null]);
    expect(context('interface IFoo { }\n42')).toEqual([null]);
    expect(context('typedef struct S { int 5; } T;')).toEqual(['struct S']);
    expect(context('typedef struct S { int a; } T 5;')).toEqual([null]);
  });
});
