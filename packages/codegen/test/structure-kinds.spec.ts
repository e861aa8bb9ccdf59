/** The enum values the emitters use without loading ts-morph are ts-morph's own. */
import * as tsMorph from 'ts-morph';
import { StructureKind, VariableDeclarationKind } from '../src/structure-kinds';

it.each(Object.entries(StructureKind))('StructureKind.%s is the value ts-morph gives it', (name, value) => {
  expect(value).toBe(tsMorph.StructureKind[name as keyof typeof tsMorph.StructureKind]);
});

it.each(Object.entries(VariableDeclarationKind))('VariableDeclarationKind.%s is the value ts-morph gives it', (name, value) => {
  expect(value).toBe(tsMorph.VariableDeclarationKind[name as keyof typeof tsMorph.VariableDeclarationKind]);
});
