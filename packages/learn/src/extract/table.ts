/**
 * GitHub-flavoured Markdown pipe tables: a header row, a separator row (`|:---|:---|`), body rows.
 * Learn pages write every row with leading and trailing pipes; header cells may be empty (`|||`).
 */

export interface TableRow {
  /** Index into the lines the table was read from. */
  index: number;
  cells: string[];
}

export interface MdTable {
  /** Index of the header row. */
  index: number;
  header: string[];
  rows: TableRow[];
}

/** Splits one table row into trimmed cells; `\|` and pipes inside code spans do not split. */
export function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      cur += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim() !== '') cells.push(cur.trim());
  return cells;
}

function isSeparator(cells: string[]): boolean {
  return cells.length > 0 && cells.every((c) => /^:?-{1,}:?$/.test(c));
}

/** Every table in `lines[from..to)`. */
export function parseTables(lines: readonly string[], from = 0, to = lines.length): MdTable[] {
  const out: MdTable[] = [];
  let i = from;
  while (i < to) {
    if (!lines[i]!.trim().startsWith('|')) {
      i++;
      continue;
    }
    const start = i;
    while (i < to && lines[i]!.trim().startsWith('|')) i++;
    const block = lines.slice(start, i);
    const header = splitRow(block[0]!);
    const second = block.length > 1 ? splitRow(block[1]!) : [];
    const bodyFrom = isSeparator(second) ? 2 : 1;
    out.push({
      index: start,
      header,
      rows: block.slice(bodyFrom).map((line, k) => ({ index: start + bodyFrom + k, cells: splitRow(line) })),
    });
  }
  return out;
}

/** Cell text without Markdown emphasis, `<br/>` tags and surrounding whitespace. */
export function plainCell(cell: string): string {
  return cell
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/\*\*|__/g, '')
    .replace(/(^|\s)[*_]|[*_](\s|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}
