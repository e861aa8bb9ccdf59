/** What the emitters share to write code through ts-morph's writer: calls, member access, layouts, docs. */
import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { EmitOptions } from '../emit-context';
import type { GeneratedFile } from '../generated-file';
import { generatedHeader } from '../header';
import { commentText } from '../escape';
import type { FileImports } from '../imports';
import { isIdentifier } from '../literal';
import { writeString } from '../literal-writer';
import { methodKey } from '../naming';
import type { LibrarySymbols, TsSymbol } from '../symbols';
import { reference, type TsType } from '../ts-type';
import { typeWriter } from '../type-writer';

/**
 * A doc comment of these lines (none for no lines), each made safe by the comment escaper: the one place
 * where text becomes a doc comment. Given as text, the form ts-morph prints without printing a JSDoc
 * structure into a writer of its own first.
 */
export function docs(lines: readonly string[]): string[] {
  return lines.length ? [lines.map(commentText).join('\n')] : [];
}

/** What makes a variable statement `export const ...`: spread it into the statement's structure. */
export const EXPORTED_CONST = { kind: StructureKind.VariableStatement, isExported: true, declarationKind: VariableDeclarationKind.Const } as const;

/** Writes `items` separated by `, `. */
export function writeList<T>(w: CodeBlockWriter, items: readonly T[], write: (item: T, index: number) => void): void {
  items.forEach((item, i) => {
    w.conditionalWrite(i > 0, ', ');
    write(item, i);
  });
}

/** `callee(a, b)`. */
export function callWriter(callee: string, ...args: WriterFunction[]): WriterFunction {
  return (w) => {
    w.write(callee).write('(');
    writeList(w, args, (a) => a(w));
    w.write(')');
  };
}

/** A name, as an expression. */
export function nameWriter(name: string): WriterFunction {
  return (w) => w.write(name);
}

/** `.Name` for a method of a generated interface, or `['A.B']` when its key is not an identifier. */
export function writeMethodAccess(w: CodeBlockWriter, idlName: string): void {
  const key = methodKey(idlName);
  if (isIdentifier(key)) {
    w.write('.').write(key);
  } else {
    w.write('[');
    writeString(w, key);
    w.write(']');
  }
}

/** `vtables['IOSTX']`: an interface's layout, `vtables` imported from the interfaces package. */
export function layoutWriter(imports: FileImports, symbols: LibrarySymbols, interfaceName: string): WriterFunction {
  const vtables = imports.value(symbols.vtables);
  return (w) => {
    w.write(vtables).write('[');
    writeString(w, interfaceName);
    w.write(']');
  };
}

/** `Base<T>` in a class's `extends`: the class imported as a value, its type arguments as types. */
export function heritageWriter(imports: FileImports, base: TsSymbol, ...typeArguments: TsType[]): WriterFunction {
  imports.value(base);
  for (const t of typeArguments) imports.type(t);
  return typeWriter(reference(base, ...typeArguments));
}

/** A package's `src/index.ts`: `export * from './m.js'` for each of its files, in order (their names come from the naming module). */
export function indexFile(options: EmitOptions, files: readonly GeneratedFile[]): GeneratedFile {
  return {
    path: 'src/index.ts',
    content: {
      kind: 'ts',
      header: generatedHeader(options.source),
      statements: files.map((f): StatementStructures => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier: `./${f.path.replace(/^src\//, '').replace(/\.ts$/, '.js')}` })),
    },
  };
}
