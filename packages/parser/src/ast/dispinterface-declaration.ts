/** `dispinterface D { properties: ... methods: ... }` and `dispinterface D { interface IFoo; }`. */
import { printAttributes, type Attribute } from './attribute';
import { printConstDeclaration, printDeclaration, type ConstDeclaration, type Declaration } from './declaration';
import { printMethod, type Method } from './method';
import { printDoc, type Span } from './node';
import { printTypeName, type TypeName } from './type-specifier';

export type DispinterfaceMember = Method | Declaration | ConstDeclaration;

export interface DispinterfaceDeclaration {
  kind: 'dispinterface';
  attributes: Attribute[];
  doc: string | null;
  name: string;
  /** null for a forward declaration. */
  body: DispinterfaceBody | null;
  span: Span;
}

export type DispinterfaceBody =
  | { kind: 'members'; properties: DispinterfaceMember[]; methods: DispinterfaceMember[] }
  | { kind: 'interface'; interface: TypeName };

function printMember(m: DispinterfaceMember, indent: string): string {
  if (m.kind === 'method') return printMethod(m, indent);
  if (m.kind === 'const') return printConstDeclaration(m, indent);
  return printDeclaration(m, indent);
}

export function printDispinterface(d: DispinterfaceDeclaration, indent: string): string {
  const head = `${printDoc(d.doc, indent)}${indent}${printAttributes(d.attributes, indent, d.attributes.length > 1)}dispinterface ${d.name}`;
  if (!d.body) return `${head};`;
  const inner = indent + '    ';
  if (d.body.kind === 'interface') return `${head}\n${indent}{\n${inner}interface ${printTypeName(d.body.interface)};\n${indent}}`;
  const lines = [`${inner}properties:`, ...d.body.properties.map((m) => printMember(m, inner + '    '))];
  lines.push(`${inner}methods:`, ...d.body.methods.map((m) => printMember(m, inner + '    ')));
  return `${head}\n${indent}{\n${lines.join('\n')}\n${indent}}`;
}
