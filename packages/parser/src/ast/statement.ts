/** Top-level, library and namespace statements, and the dispatch from CST to their productions. */
import type { AttributedStatementCstNode, StatementCstNode } from '../cst';
import { buildAttributeList } from './attribute';
import { buildCoclass, printCoclass, type CoclassDeclaration } from './coclass-declaration';
import { buildCppQuote, printCppQuote, type CppQuote } from './cpp-quote';
import { buildDeclaration, printConstDeclaration, printDeclaration, type ConstDeclaration, type Declaration } from './declaration';
import { buildDispinterface, printDispinterface, type DispinterfaceDeclaration } from './dispinterface-declaration';
import { buildImport, buildImportlib, printImport, printImportlib, type ImportStatement, type ImportlibStatement } from './import-statement';
import { buildInterface, buildInterfaceMember, printInterface, type InterfaceDeclaration } from './interface-declaration';
import {
  printLibrary,
  printModule,
  printNamespace,
  type LibraryDeclaration,
  type ModuleDeclaration,
  type NamespaceDeclaration,
} from './library-declaration';
import { type Method, printMethod } from './method';
import { buildPart, startOffset, type BuildContext } from './node';
import { buildMidlPragma, buildPragma, printMidlPragma, printPragma, type MidlPragma, type Pragma } from './pragma';
import { buildTypedef, printTypedef, type TypedefDeclaration } from './typedef-declaration';
import { buildQualifiedName } from './type-specifier';
import {
  buildApicontract,
  buildDeclareBlock,
  buildDelegate,
  printApicontract,
  printDeclareBlock,
  printDelegate,
  type ApicontractDeclaration,
  type DeclareBlock,
  type DelegateDeclaration,
} from './winrt-declaration';

export type Statement =
  | ImportStatement
  | ImportlibStatement
  | CppQuote
  | Pragma
  | MidlPragma
  | NamespaceDeclaration
  | DeclareBlock
  | InterfaceDeclaration
  | DispinterfaceDeclaration
  | CoclassDeclaration
  | LibraryDeclaration
  | ModuleDeclaration
  | ApicontractDeclaration
  | DelegateDeclaration
  | TypedefDeclaration
  | ConstDeclaration
  | Declaration
  | Method;

/** Builds a statement; a lone `;` builds nothing. */
export function buildStatement(node: StatementCstNode, ctx: BuildContext): Statement | null {
  const c = node.children;
  if (c.importStatement) return buildImport(c.importStatement[0], ctx);
  if (c.importlibStatement) return buildImportlib(c.importlibStatement[0], ctx);
  if (c.cppQuote) return buildCppQuote(c.cppQuote[0], ctx);
  if (c.midlPragma) return buildMidlPragma(c.midlPragma[0], ctx);
  if (c.PragmaLine) return buildPragma(c.PragmaLine[0], ctx);
  if (c.namespaceDeclaration) {
    const n = c.namespaceDeclaration[0];
    return {
      kind: 'namespace',
      name: buildQualifiedName(n.children.qualifiedName[0]),
      statements: buildStatements(n.children.statement ?? [], ctx),
      span: ctx.span(n),
    };
  }
  if (c.declareBlock) return buildDeclareBlock(c.declareBlock[0], ctx);
  if (c.attributedStatement) return buildAttributed(c.attributedStatement[0], ctx);
  return null;
}

export function buildStatements(nodes: StatementCstNode[], ctx: BuildContext): Statement[] {
  const out: Statement[] = [];
  for (const n of nodes) {
    const s = buildPart(ctx, () => buildStatement(n, ctx));
    if (s) out.push(s);
  }
  return out;
}

function buildAttributed(node: AttributedStatementCstNode, ctx: BuildContext): Statement | null {
  const c = node.children;
  const attributes = c.attributeList ? buildAttributeList(c.attributeList[0], ctx) : [];
  const doc = ctx.docBefore(startOffset(node));
  const span = ctx.span(node);
  if (c.interfaceDeclaration) return buildInterface(c.interfaceDeclaration[0], attributes, doc, ctx, span);
  if (c.dispinterfaceDeclaration) return buildDispinterface(c.dispinterfaceDeclaration[0], attributes, doc, ctx, span);
  if (c.coclassDeclaration) return buildCoclass(c.coclassDeclaration[0], attributes, doc, ctx, span);
  if (c.libraryDeclaration) {
    const l = c.libraryDeclaration[0].children;
    return { kind: 'library', attributes, doc, name: l.Name[0].image, statements: buildStatements(l.statement ?? [], ctx), span };
  }
  if (c.moduleDeclaration) {
    const m = c.moduleDeclaration[0].children;
    const members = (m.interfaceMember ?? []).map((x) => buildPart(ctx, () => buildInterfaceMember(x, ctx))).filter((x) => x !== null);
    return { kind: 'module', attributes, doc, name: m.Name[0].image, members, span };
  }
  if (c.apicontractDeclaration) return buildApicontract(c.apicontractDeclaration[0], attributes, doc, span);
  if (c.delegateDeclaration) return buildDelegate(c.delegateDeclaration[0], attributes, doc, ctx, span);
  if (c.typedefDeclaration) return buildTypedef(c.typedefDeclaration[0], attributes, doc, ctx, span);
  if (c.declaration) return buildDeclaration(c.declaration[0], attributes, doc, ctx, span, true);
  return null;
}

export function printStatement(s: Statement, indent: string): string {
  switch (s.kind) {
    case 'import':
      return indent + printImport(s);
    case 'importlib':
      return indent + printImportlib(s);
    case 'cpp-quote':
      return indent + printCppQuote(s);
    case 'pragma':
      return printPragma(s);
    case 'midl-pragma':
      return indent + printMidlPragma(s);
    case 'namespace':
      return printNamespace(s, indent, printStatement);
    case 'declare':
      return printDeclareBlock(s, indent);
    case 'interface':
      return printInterface(s, indent);
    case 'dispinterface':
      return printDispinterface(s, indent);
    case 'coclass':
    case 'runtimeclass':
      return printCoclass(s, indent);
    case 'library':
      return printLibrary(s, indent, printStatement);
    case 'module':
      return printModule(s, indent);
    case 'apicontract':
      return printApicontract(s, indent);
    case 'delegate':
      return printDelegate(s, indent);
    case 'typedef':
      return printTypedef(s, indent);
    case 'const':
      return printConstDeclaration(s, indent);
    case 'declaration':
      return printDeclaration(s, indent);
    case 'method':
      return printMethod(s, indent);
  }
}
