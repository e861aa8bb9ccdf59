/** Top-level, library and namespace statements, and their printing. */
import { printCoclass, type CoclassDeclaration } from './coclass-declaration';
import { printCppQuote, type CppQuote } from './cpp-quote';
import { printConstDeclaration, printDeclaration, type ConstDeclaration, type Declaration } from './declaration';
import { printDispinterface, type DispinterfaceDeclaration } from './dispinterface-declaration';
import { printImport, printImportlib, type ImportStatement, type ImportlibStatement } from './import-statement';
import { printInterface, type InterfaceDeclaration } from './interface-declaration';
import {
  printLibrary,
  printModule,
  printNamespace,
  type LibraryDeclaration,
  type ModuleDeclaration,
  type NamespaceDeclaration,
} from './library-declaration';
import { type Method, printMethod } from './method';
import { printMidlPragma, printPragma, type MidlPragma, type Pragma } from './pragma';
import { printTypedef, type TypedefDeclaration } from './typedef-declaration';
import {
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
