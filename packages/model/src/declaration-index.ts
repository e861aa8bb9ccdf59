/**
 * The declarations one file makes, indexed once: type names, tags, interfaces, constants. WinRT declarations
 * inside `namespace A.B { ... }` are indexed under their qualified names.
 */
import type {
  Attribute,
  DelegateDeclaration,
  DispinterfaceDeclaration,
  IdlFile,
  InterfaceDeclaration,
  Statement,
  TypeSpecifier,
  DeclareBlock,
  StructMember,
} from '@comidl/parser';
import { hasAttribute } from './attributes';
import type { ConstantSymbol, TypeSymbol } from './types';

export type InterfaceLike = InterfaceDeclaration | DispinterfaceDeclaration | DelegateDeclaration;

export interface InterfaceEntry {
  name: string;
  namespace: string;
  declaration: InterfaceLike;
  /** true when it has a body (not a forward declaration). */
  defined: boolean;
}

export interface DeclareEntry {
  namespace: string;
  block: DeclareBlock;
}

export class DeclarationIndex {
  readonly types = new Map<string, TypeSymbol>();
  readonly tags = new Map<string, TypeSymbol>();
  /** Qualified names of the enums declared `[flags]` (their WinRT signature says `u4`). */
  readonly flagsEnums = new Set<string>();
  readonly constants = new Map<string, ConstantSymbol>();
  /** Interface definitions and forward declarations, in source order. */
  readonly interfaces: InterfaceEntry[] = [];
  readonly interfacesByName = new Map<string, InterfaceEntry>();
  readonly declares: DeclareEntry[] = [];

  constructor(readonly file: string) {}

  static of(ast: IdlFile): DeclarationIndex {
    const index = new DeclarationIndex(ast.file);
    index.addStatements(ast.statements, '');
    return index;
  }

  private qualify(namespace: string, name: string): string {
    return namespace && !name.includes('.') ? `${namespace}.${name}` : name;
  }

  private addStatements(statements: Statement[], namespace: string): void {
    for (const s of statements) this.addStatement(s, namespace);
  }

  private addStatement(s: Statement, namespace: string): void {
    const file = s.kind === 'declare' ? this.file : s.span.file;
    switch (s.kind) {
      case 'namespace':
        this.addStatements(s.statements, this.qualify(namespace, s.name));
        return;
      case 'library':
        this.addStatements(s.statements, namespace);
        return;
      case 'module':
        for (const m of s.members) if (m.kind === 'const') this.addConstant(m.name, file, m);
        return;
      case 'interface':
      case 'dispinterface':
      case 'delegate': {
        const name = this.qualify(namespace, s.name);
        const defined = s.kind === 'delegate' || (s.kind === 'interface' ? s.members !== null : s.body !== null);
        const entry: InterfaceEntry = { name, namespace, declaration: s, defined };
        this.interfaces.push(entry);
        const existing = this.interfacesByName.get(name);
        if (!existing || (defined && !existing.defined)) this.interfacesByName.set(name, entry);
        if (!this.types.has(name) || defined) this.types.set(name, { kind: s.kind, name, declaration: s, file });
        if (s.kind === 'interface' && s.members) {
          for (const m of s.members) {
            if (m.kind === 'typedef' || m.kind === 'const' || m.kind === 'declaration') this.addStatement(m, namespace);
          }
        }
        return;
      }
      case 'coclass':
      case 'runtimeclass': {
        const name = this.qualify(namespace, s.name);
        this.types.set(name, { kind: s.kind, name, declaration: s, file });
        return;
      }
      case 'apicontract': {
        const name = this.qualify(namespace, s.name);
        this.types.set(name, { kind: 'apicontract', name, file });
        return;
      }
      case 'typedef':
        this.noteFlags(s.attributes, s.specifiers.type, namespace);
        this.addTypeSpecifier(s.specifiers.type, namespace, file);
        s.names.forEach((n, i) => {
          if (n) this.types.set(this.qualify(namespace, n), { kind: 'typedef', name: n, declaration: s, index: i, file });
        });
        return;
      case 'const':
        this.addConstant(s.name, file, s);
        return;
      case 'declaration':
        this.noteFlags(s.attributes, s.specifiers.type, namespace);
        this.addTypeSpecifier(s.specifiers.type, namespace, file);
        return;
      case 'declare':
        this.declares.push({ namespace, block: s });
        return;
      default:
        return;
    }
  }

  private noteFlags(attributes: readonly Attribute[], t: TypeSpecifier, namespace: string): void {
    if (t.kind === 'enum' && t.name && t.members && hasAttribute(attributes, 'flags')) this.flagsEnums.add(this.qualify(namespace, t.name));
  }

  private addConstant(name: string, file: string, declaration: ConstantSymbol['declaration']): void {
    if (name) this.constants.set(name, { name, file, declaration });
  }

  private addTypeSpecifier(t: TypeSpecifier, namespace: string, file: string): void {
    switch (t.kind) {
      case 'struct':
      case 'union':
        if (t.members) {
          if (t.name) this.tags.set(`${t.kind} ${this.qualify(namespace, t.name)}`, { kind: t.kind, name: t.name, declaration: t, file });
          this.addMembers(t.members, namespace, file);
        }
        return;
      case 'encapsulated-union':
        if (t.name) this.tags.set(`union ${this.qualify(namespace, t.name)}`, { kind: 'union', name: t.name, declaration: t, file });
        for (const arm of t.arms) if (arm.field.specifiers) this.addTypeSpecifier(arm.field.specifiers.type, namespace, file);
        return;
      case 'enum':
        if (t.members) {
          if (t.name) this.tags.set(`enum ${this.qualify(namespace, t.name)}`, { kind: 'enum', name: t.name, declaration: t, file });
          for (const m of t.members) this.addConstant(m.name, file, null);
        }
        return;
      default:
        return;
    }
  }

  private addMembers(members: StructMember[], namespace: string, file: string): void {
    for (const m of members) if (m.kind === 'field' && m.specifiers) this.addTypeSpecifier(m.specifiers.type, namespace, file);
  }
}
