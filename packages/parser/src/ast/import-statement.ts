/** `import "a.idl", "b.idl";` and `importlib("stdole2.tlb");` */
import type { Span } from './node';

export interface ImportStatement {
  kind: 'import';
  files: string[];
  span: Span;
}

export interface ImportlibStatement {
  kind: 'importlib';
  file: string;
  span: Span;
}

const quote = (s: string) => JSON.stringify(s);

export function printImport(s: ImportStatement): string {
  return `import ${s.files.map(quote).join(', ')};`;
}

export function printImportlib(s: ImportlibStatement): string {
  return `importlib(${quote(s.file)});`;
}
