/**
 * Prints the statement structures the emitters build as the text ts-morph's `printStructure` gives for them
 * (2-space indentation, `\n`, single quotes), byte for byte, by string concatenation. printStructure writes
 * through a writer that tracks strings, comments and indentation character by character: on Wine's corpus
 * (731 files, 23 MB of output) that was about 5 s of a 17 s generation; this printer takes about 0.5 s.
 *
 * Only an explicit set is supported: imports and exports, type aliases, interfaces (property and method
 * signatures), enums, variable statements, classes (properties, constructors, methods with text bodies) and
 * functions, with doc comments, modifiers and type parameters. Anything else set on a structure, a writer
 * function, or a text whose effect on the writer is not modelled here (a line break in code, a comment or
 * template literal outside a string literal, an unclosed string literal, `*\/` in a doc comment) makes
 * `printStatements` return null, and the caller prints that run with ts-morph.
 */
import type { StatementStructures, StructureKind as TsStructureKind } from 'ts-morph';
import { StructureKind } from './structure-kinds';

/** A run of statements as `printStructure({ kind: SourceFile, statements })` prints it, without the final newline; null when unsupported. */
export function printStatements(statements: readonly StatementStructures[]): string | null {
  try {
    let text = '';
    let afterBrace = false;
    for (const s of statements) {
      const printed = statement(s);
      // After a `}`, and before a block declaration, a blank line; otherwise a line break.
      if (text) text += afterBrace || blockKinds.has(s.kind) ? '\n\n' : '\n';
      text += printed;
      // The last character of the statement, not of `text`: reading `text` would flatten it every time.
      afterBrace = printed.charCodeAt(printed.length - 1) === closeBrace;
    }
    return text;
  } catch {
    return null;
  }
}

type Fields = Readonly<Record<string, unknown>>;

const closeBrace = 0x7d;
const blockKinds = new Set<TsStructureKind>([StructureKind.Class, StructureKind.Interface, StructureKind.Enum, StructureKind.Function]);

function statement(s: StatementStructures): string {
  switch (s.kind) {
    case StructureKind.ImportDeclaration:
      return importDeclaration(fields(s, importKeys, s.kind));
    case StructureKind.ExportDeclaration:
      return exportDeclaration(fields(s, exportKeys, s.kind));
    case StructureKind.TypeAlias:
      return typeAlias(fields(s, typeAliasKeys, s.kind));
    case StructureKind.VariableStatement:
      return variableStatement(fields(s, variableStatementKeys, s.kind));
    case StructureKind.Interface:
      return interfaceDeclaration(fields(s, interfaceKeys, s.kind));
    case StructureKind.Enum:
      return enumDeclaration(fields(s, enumKeys, s.kind));
    case StructureKind.Class:
      return classDeclaration(fields(s, classKeys, s.kind));
    case StructureKind.Function:
      return functionDeclaration(fields(s, functionKeys, s.kind));
    default:
      return unsupported();
  }
}

function importDeclaration(s: Fields): string {
  const named = specifiers(s.namedImports, StructureKind.ImportSpecifier);
  return `import${s.isTypeOnly ? ' type' : ''}${named ? ` { ${named} } from` : ''} ${moduleSpecifier(s.moduleSpecifier)};`;
}

function exportDeclaration(s: Fields): string {
  const named = specifiers(s.namedExports, StructureKind.ExportSpecifier);
  if (s.moduleSpecifier == null && !named) return unsupported();
  return `export${s.isTypeOnly ? ' type' : ''}${named ? ` { ${named} }` : ' *'}${s.moduleSpecifier == null ? '' : ` from ${moduleSpecifier(s.moduleSpecifier)}`};`;
}

function specifiers(value: unknown, kind: TsStructureKind): string {
  return list(value)
    .map((v) => {
      if (typeof v === 'string') return code(v);
      const s = fields(v, specifierKeys, kind);
      return `${s.isTypeOnly ? 'type ' : ''}${code(s.name)}${s.alias == null ? '' : ` as ${code(s.alias)}`}`;
    })
    .join(', ');
}

function typeAlias(s: Fields): string {
  return `${docs(s.docs, '')}${modifiers(s)}type ${code(s.name)}${typeParameters(s.typeParameters)}${typed(' =', s.type)};`;
}

function variableStatement(s: Fields): string {
  const declarations = list(s.declarations);
  if (!declarations.length) return unsupported();
  const printed = declarations.map((d) => {
    const v = fields(d, variableDeclarationKeys, StructureKind.VariableDeclaration);
    return `${code(v.name)}${v.hasExclamationToken ? '!' : ''}${typed(':', v.type)}${initializer(v.initializer)}`;
  });
  return `${docs(s.docs, '')}${modifiers(s)}${s.declarationKind ? code(s.declarationKind) : 'let'} ${printed.join(', ')};`;
}

function interfaceDeclaration(s: Fields): string {
  const inner = '  ';
  const members = [
    ...list(s.properties).map((p) => propertySignature(fields(p, propertySignatureKeys, StructureKind.PropertySignature), inner)),
    ...list(s.methods).map((m) => methodSignature(fields(m, methodSignatureKeys, StructureKind.MethodSignature), inner)),
  ];
  const bases = list(s.extends).map(code).join(', ');
  const head = `${docs(s.docs, '')}${modifiers(s)}interface ${code(s.name)}${typeParameters(s.typeParameters)} ${bases ? `extends ${bases} ` : ''}`;
  return `${head}{\n${members.map((m) => `${m}\n`).join('')}}`;
}

function propertySignature(s: Fields, indent: string): string {
  return `${docs(s.docs, indent)}${indent}${modifiers(s)}${code(s.name)}${s.hasQuestionToken ? '?' : ''}${typed(':', s.type)}${initializer(s.initializer)};`;
}

function methodSignature(s: Fields, indent: string): string {
  return `${docs(s.docs, indent)}${indent}${code(s.name)}${s.hasQuestionToken ? '?' : ''}${signature(s)};`;
}

function enumDeclaration(s: Fields): string {
  const inner = '  ';
  const members = list(s.members).map((m) => {
    const e = fields(m, enumMemberKeys, StructureKind.EnumMember);
    if (e.value != null && typeof e.value !== 'number') return unsupported();
    return `${docs(e.docs, inner)}${inner}${enumMemberName(e.name)}${typeof e.value === 'number' ? ` = ${e.value}` : initializer(e.initializer)}`;
  });
  return `${docs(s.docs, '')}${modifiers(s)}${s.isConst ? 'const ' : ''}enum ${code(s.name)} {\n${members.length ? `${members.join(',\n')}\n` : ''}}`;
}

function classDeclaration(s: Fields): string {
  // A `declare class` is ambient: its members print without bodies and without blank lines.
  if (s.hasDeclareKeyword) return unsupported();
  const inner = '  ';
  let body = '';
  for (const p of list(s.properties)) {
    const f = fields(p, propertyKeys, StructureKind.Property);
    const mark = f.hasQuestionToken ? '?' : f.hasExclamationToken ? '!' : '';
    body += `${body ? '\n' : ''}${docs(f.docs, inner)}${inner}${modifiers(f)}${code(f.name)}${mark}${typed(':', f.type)}${initializer(f.initializer)};`;
  }
  for (const c of list(s.ctors)) {
    const f = fields(c, constructorKeys, StructureKind.Constructor);
    body += `${body ? '\n\n' : ''}${docs(f.docs, inner)}${inner}${modifiers(f)}constructor${typeParameters(f.typeParameters)}${parameters(f.parameters)} ${block(f.statements, inner)}`;
  }
  for (const m of list(s.methods)) {
    const f = fields(m, methodKeys, StructureKind.Method);
    const head = `${modifiers(f)}${f.isGenerator ? '*' : ''}${code(f.name)}${f.hasQuestionToken ? '?' : ''}${signature(f)}`;
    body += `${body ? '\n\n' : ''}${docs(f.docs, inner)}${inner}${head}${f.isAbstract ? ';' : ` ${block(f.statements, inner)}`}`;
  }
  const implemented = list(s.implements).map(code).join(', ');
  const head =
    `${docs(s.docs, '')}${modifiers(s)}class${s.name == null ? '' : ` ${code(s.name)}`}${typeParameters(s.typeParameters)} ` +
    `${s.extends == null ? '' : `extends ${code(s.extends)} `}${implemented ? `implements ${implemented} ` : ''}`;
  return `${head}{\n${body ? `${body}\n` : ''}}`;
}

function functionDeclaration(s: Fields): string {
  const head = `${docs(s.docs, '')}${modifiers(s)}function${s.isGenerator ? '*' : ''}${s.name == null ? '' : ` ${code(s.name)}`}${signature(s)}`;
  return `${head}${s.hasDeclareKeyword ? ';' : ` ${block(s.statements, '')}`}`;
}

/** Type parameters, parameters and return type: `<T>(a: T): U`. */
function signature(s: Fields): string {
  return `${typeParameters(s.typeParameters)}${parameters(s.parameters)}${typed(':', s.returnType)}`;
}

function parameters(value: unknown): string {
  const printed = list(value).map((v) => {
    const p = fields(v, parameterKeys, StructureKind.Parameter);
    // A parameter with a question token and no type is written `name?: any`.
    const type = p.type == null && p.hasQuestionToken ? ': any' : typed(':', p.type);
    return `${modifiers(p)}${p.isRestParameter ? '...' : ''}${code(p.name)}${p.hasQuestionToken ? '?' : ''}${type}${initializer(p.initializer)}`;
  });
  return `(${printed.join(', ')})`;
}

function typeParameters(value: unknown): string {
  const printed = list(value).map((v) => {
    if (typeof v === 'string') return code(v);
    const t = fields(v, typeParameterKeys, StructureKind.TypeParameter);
    return `${code(t.name)}${t.constraint == null ? '' : ` extends ${code(t.constraint)}`}${t.default == null ? '' : ` = ${code(t.default)}`}`;
  });
  return printed.length ? `<${printed.join(', ')}>` : '';
}

/** `{`, the statements one level in, `}`: between statements a line break, a blank line after a `}`. */
function block(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  let body = '';
  let afterBrace = false;
  for (const s of typeof value === 'string' ? [value] : list(value)) {
    const printed = statementText(s, inner);
    if (body) body += afterBrace ? '\n\n' : '\n';
    body += printed;
    afterBrace = printed.charCodeAt(printed.length - 1) === closeBrace;
  }
  return `{\n${body ? `${body}\n` : ''}${indent}}`;
}

/** A statement given as text: each non-empty line indented. */
function statementText(value: unknown, indent: string): string {
  if (typeof value !== 'string' || !isPrintable(value.charCodeAt(value.length - 1))) return unsupported();
  checkCode(value, true);
  return value.includes('\n') ? value.split('\n').map((l) => (l ? indent + l : l)).join('\n') : indent + value;
}

/** The modifiers, in ts-morph's order, each followed by a space. */
function modifiers(s: Fields): string {
  let text = s.isDefaultExport ? 'export default ' : s.isExported ? 'export ' : '';
  if (s.hasDeclareKeyword) text += 'declare ';
  if (s.scope != null) text += `${code(s.scope)} `;
  if (s.isStatic) text += 'static ';
  if (s.hasOverrideKeyword) text += 'override ';
  if (s.isAbstract) text += 'abstract ';
  if (s.isAsync) text += 'async ';
  if (s.isReadonly) text += 'readonly ';
  if (s.hasAccessorKeyword) text += 'accessor ';
  return text;
}

function typed(separator: string, type: unknown): string {
  return type == null ? '' : `${separator} ${code(type)}`;
}

function initializer(value: unknown): string {
  return value == null ? '' : ` = ${code(value)}`;
}

/** An enum member's name: as written when it is an identifier or quoted; a reserved word is quoted. */
function enumMemberName(value: unknown): string {
  const name = code(value);
  if (/^[A-Za-z_$][\w$]*$/.test(name)) return reservedWords.has(name) ? `'${name}'` : name;
  const q = name.charCodeAt(0);
  return (q === singleQuote || q === doubleQuote) && name.charCodeAt(name.length - 1) === q ? name : unsupported();
}

function moduleSpecifier(value: unknown): string {
  // Written in single quotes, where only a quote, a backslash or a line break would need escaping.
  return typeof value === 'string' && value && !/['\\\n\r]/.test(value) ? `'${value}'` : unsupported();
}

/** Doc comments, each on its own lines at `indent`, then a line break. */
function docs(value: unknown, indent: string): string {
  let text = '';
  for (const d of list(value)) {
    const description = typeof d === 'string' ? d : fields(d, jsDocKeys, StructureKind.JSDoc).description || '';
    if (typeof description !== 'string' || description.includes('*/') || description.includes('\r')) return unsupported();
    const lines = description.split('\n');
    if (lines.length === 1) {
      const open = `/** ${description}`;
      text += `${indent}${open}${open.endsWith(' ') ? '' : ' '}*/\n`;
    } else {
      text += `${indent}/**\n`;
      for (let i = lines[0] ? 0 : 1; i < lines.length; i++) text += `${indent} *${lines[i] ? ` ${lines[i]}` : ''}\n`;
      text += `${indent} */\n`;
    }
  }
  return text;
}

/**
 * A piece of code on one line (a name, a type, an initializer), checked to leave the writer as it found it:
 * it ends with a printable character other than `,` or `\` (where a separating comma goes), and outside
 * string literals it has no `/` or backtick and leaves no string literal open.
 */
function code(value: unknown): string {
  if (typeof value !== 'string') return unsupported();
  const last = value.charCodeAt(value.length - 1);
  if (!isPrintable(last) || last === comma || last === backslash) return unsupported();
  checkCode(value, false);
  return value;
}

/** Quotes, slashes and backticks as ts-morph's writer sees them: a quote preceded by a backslash is not one. */
function checkCode(text: string, multiline: boolean): void {
  if (!special.test(text)) return;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === newLine && multiline && !quote) continue;
    if (c === newLine || c === carriageReturn) unsupported();
    const escaped = i > 0 && text.charCodeAt(i - 1) === backslash;
    if (quote) {
      if (c === quote && !escaped) quote = 0;
    } else if (c === slash || c === backtick) {
      unsupported();
    } else if ((c === singleQuote || c === doubleQuote) && !escaped) {
      quote = c;
    }
  }
  if (quote) unsupported();
}

const special = /[\n\r`/'"\\]/;
const [newLine, carriageReturn, slash, backslash, backtick, singleQuote, doubleQuote, comma] = [...'\n\r/\\`\'",'].map((c) => c.charCodeAt(0));

function isPrintable(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

function list(value: unknown): readonly unknown[] {
  return value == null ? [] : Array.isArray(value) ? value : unsupported();
}

/** A structure whose every property set is one this printer handles for its kind. */
function fields(value: unknown, handled: ReadonlySet<string>, kind: TsStructureKind): Fields {
  if (typeof value !== 'object' || value === null) return unsupported();
  const s = value as Fields;
  if (s.kind !== undefined && s.kind !== kind) return unsupported();
  for (const key in s) {
    const v = s[key];
    if (!handled.has(key) && v !== undefined && v !== null && v !== false && !(Array.isArray(v) && !v.length)) unsupported();
  }
  return s;
}

function unsupported(): never {
  throw new Error('structure not supported by the fast printer');
}

const keys = (...names: string[]): ReadonlySet<string> => new Set(['kind', ...names]);
const modifierKeys = ['isDefaultExport', 'isExported', 'hasDeclareKeyword', 'scope', 'isStatic', 'hasOverrideKeyword', 'isAbstract', 'isAsync', 'isReadonly', 'hasAccessorKeyword'];
const importKeys = keys('isTypeOnly', 'namedImports', 'moduleSpecifier');
const exportKeys = keys('isTypeOnly', 'namedExports', 'moduleSpecifier');
const specifierKeys = keys('name', 'alias', 'isTypeOnly');
const typeAliasKeys = keys(...modifierKeys, 'docs', 'name', 'typeParameters', 'type');
const variableStatementKeys = keys(...modifierKeys, 'docs', 'declarationKind', 'declarations');
const variableDeclarationKeys = keys('name', 'hasExclamationToken', 'type', 'initializer');
const interfaceKeys = keys(...modifierKeys, 'docs', 'name', 'typeParameters', 'extends', 'properties', 'methods');
const propertySignatureKeys = keys(...modifierKeys, 'docs', 'name', 'hasQuestionToken', 'type', 'initializer');
const methodSignatureKeys = keys('docs', 'name', 'hasQuestionToken', 'typeParameters', 'parameters', 'returnType');
const enumKeys = keys(...modifierKeys, 'docs', 'name', 'isConst', 'members');
const enumMemberKeys = keys('docs', 'name', 'value', 'initializer');
const classKeys = keys(...modifierKeys, 'docs', 'name', 'typeParameters', 'extends', 'implements', 'properties', 'ctors', 'methods');
const propertyKeys = keys(...modifierKeys, 'docs', 'name', 'hasQuestionToken', 'hasExclamationToken', 'type', 'initializer');
const constructorKeys = keys(...modifierKeys, 'docs', 'typeParameters', 'parameters', 'statements');
const methodKeys = keys(...modifierKeys, 'docs', 'name', 'isGenerator', 'hasQuestionToken', 'typeParameters', 'parameters', 'returnType', 'statements');
const functionKeys = keys(...modifierKeys, 'docs', 'name', 'isGenerator', 'typeParameters', 'parameters', 'returnType', 'statements');
const parameterKeys = keys(...modifierKeys, 'name', 'type', 'hasQuestionToken', 'isRestParameter', 'initializer');
const typeParameterKeys = keys('name', 'constraint', 'default');
const jsDocKeys = keys('description');

/** Names ts-morph quotes when they name an enum member. */
const reservedWords = new Set(
  ('do if in for let new try var case else enum eval false null this true void with break catch class const super throw while yield ' +
    'delete export import public return static switch typeof default extends finally package private continue debugger function ' +
    'arguments interface protected implements instanceof').split(' '),
);
