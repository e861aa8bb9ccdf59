/** Prints the type model (`ts-type.ts`) through ts-morph's writer. */
import { Writers, type CodeBlockWriter, type WriterFunction } from 'ts-morph';
import { propertyKey } from './literal';
import type { TsType } from './ts-type';

/** Writes `t` at the writer's position. */
export function writeType(w: CodeBlockWriter, t: TsType): void {
  switch (t.kind) {
    case 'keyword':
      w.write(t.keyword);
      return;
    case 'reference':
      w.write(t.symbol.name);
      if (t.typeArguments.length) {
        w.write('<');
        t.typeArguments.forEach((a, i) => {
          w.conditionalWrite(i > 0, ', ');
          writeType(w, a);
        });
        w.write('>');
      }
      return;
    case 'union': {
      const [first, second, ...rest] = t.types.map(typeWriter);
      Writers.unionType(first, second, ...rest)(w);
      return;
    }
    case 'intersection':
      // `A & (B | C)`: a union inside is parenthesized.
      t.types.forEach((u, i) => {
        w.conditionalWrite(i > 0, ' & ');
        w.conditionalWrite(u.kind === 'union', '(');
        writeType(w, u);
        w.conditionalWrite(u.kind === 'union', ')');
      });
      return;
    case 'literal':
      w.write(String(t.value));
      return;
    case 'enum-member':
      w.write(t.symbol.name).write('.').write(t.member);
      return;
    case 'array':
      // `(A | null)[]`: an element that is a union or an intersection is parenthesized.
      if (t.element.kind === 'union' || t.element.kind === 'intersection') {
        w.write('(');
        writeType(w, t.element);
        w.write(')');
      } else {
        writeType(w, t.element);
      }
      w.write('[]');
      return;
    case 'object':
      w.write('{ ');
      t.members.forEach((m, i) => {
        w.conditionalWrite(i > 0, '; ');
        w.write(propertyKey(m.name));
        w.conditionalWrite(m.optional, '?');
        w.write(': ');
        writeType(w, m.type);
      });
      w.write(' }');
      return;
  }
}

/** A writer function that writes `t`: for the `type` and `returnType` of structures. */
export function typeWriter(t: TsType): WriterFunction {
  return (w) => writeType(w, t);
}
