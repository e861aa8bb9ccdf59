/**
 * Structure and enumeration declarations in the code blocks of reference pages:
 *
 *   struct UPHIER { ULONG ulFlags; LPSTREAM pstmReserved; UINT iEnt; UINT cEnt; };
 *   typedef struct _MAPISIB { ... } MAPISIB, *PMAPISIB          (the page has no final `;`)
 *   typedef struct { ... } OLFI, *POLFI;
 *   typedef enum { LR_SYNC_IDLE = 0, LR_SYNC, ... LR_SYNC_DOWNLOAD_HEADER = 17 } SYNCSTATE;
 *
 * The declarations are read as C reads them, nothing is repaired: a member written `UINTiEntMod;`
 * declares a type and no name, so its name is empty (the comparison with the IDL lists such typos as
 * documented departures). Member types are normalized with `normalizeType` (`ULONG const * p` has the
 * type `ULONG const*`; `BYTE abFlags[4]` the type `BYTE[4]`).
 */
import { cIntegerValue } from './c-values';
import { normalizeType, parseDeclaration, splitTopLevel, stripComments } from './signature';

export interface CField {
  /** Empty when the declaration names no member. */
  name: string;
  type: string;
}

export interface CStruct {
  /** The typedef name (first non-pointer declarator), else the tag. */
  name: string;
  tag: string | null;
  fields: CField[];
  /** Observations: a missing `;`, a member without a name. */
  notes: string[];
}

export interface CEnumMember {
  name: string;
  /** The value written after `=`, or null (one more than the previous member; the first is 0). */
  valueText: string | null;
  value: number | null;
}

export interface CEnum {
  name: string;
  tag: string | null;
  members: CEnumMember[];
  notes: string[];
}

interface Braced {
  keyword: 'struct' | 'enum';
  typedef: boolean;
  tag: string | null;
  body: string;
  /** Text after `}` up to the `;` (or the end of the code when there is none). */
  declarators: string;
  terminated: boolean;
}

/** Every `[typedef] struct|enum [tag] { ... } declarators;` of a code block, outermost only. */
function bracedDeclarations(code: string): Braced[] {
  const text = stripComments(code);
  const out: Braced[] = [];
  const head = /\b(typedef\s+)?(struct|enum)\s*([A-Za-z_]\w*)?\s*\{/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(text)) !== null) {
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close < 0) break;
    const semi = text.indexOf(';', close);
    const nextHead = text.slice(close + 1).search(/\b(typedef|struct|enum)\b/);
    const end = semi >= 0 && (nextHead < 0 || semi < close + 1 + nextHead) ? semi : nextHead >= 0 ? close + 1 + nextHead : text.length;
    out.push({
      keyword: m[2] as 'struct' | 'enum',
      typedef: m[1] !== undefined,
      tag: m[3] ?? null,
      body: text.slice(open + 1, close),
      declarators: text.slice(close + 1, end).trim(),
      terminated: end === semi,
    });
    head.lastIndex = end >= 0 ? end : text.length;
  }
  return out;
}

/** The declared type name: the first declarator that is a plain name (`MAPISIB` of `MAPISIB, *PMAPISIB`). */
function declaredName(b: Braced): string | null {
  if (b.typedef) {
    for (const d of splitTopLevel(b.declarators)) {
      const t = d.trim();
      if (/^[A-Za-z_]\w*$/.test(t)) return t;
    }
  }
  return b.tag;
}

function fieldsOf(body: string, notes: string[]): CField[] {
  const fields: CField[] = [];
  for (const decl of body.split(';')) {
    if (decl.trim() === '') continue;
    const parts = splitTopLevel(decl);
    const first = parseDeclaration(parts[0]!);
    if (first === null) continue;
    // `UINT a, *b;` — later declarators take the first one's base type (its words before the name and stars).
    const base = first.name === '' ? first.type : first.type.replace(/[*\s]*(\[[^\]]*\])*$/, '').replace(/[*\s]+$/, '');
    for (const [k, part] of parts.entries()) {
      const d = k === 0 ? first : parseDeclaration(`${base} ${part.trim()}`);
      if (d === null) continue;
      if (d.name === '') notes.push(`member declaration "${normalizeType(part)}" has a type and no name`);
      fields.push({ name: d.name, type: normalizeType(d.type) });
    }
  }
  return fields;
}

/** The structures a code block declares. */
export function parseStructs(code: string): CStruct[] {
  return bracedDeclarations(code)
    .filter((b) => b.keyword === 'struct')
    .map((b) => {
      const notes: string[] = [];
      const name = declaredName(b) ?? '';
      if (!b.terminated) notes.push(`the declaration of ${name || 'a structure'} lacks its closing ';'`);
      return { name, tag: b.tag, fields: fieldsOf(b.body, notes), notes };
    });
}

/** The enumerations a code block declares, with each member's value (as C counts them). */
export function parseEnums(code: string): CEnum[] {
  return bracedDeclarations(code)
    .filter((b) => b.keyword === 'enum')
    .map((b) => {
      const notes: string[] = [];
      const name = declaredName(b) ?? '';
      if (!b.terminated) notes.push(`the declaration of ${name || 'an enumeration'} lacks its closing ';'`);
      return { name, tag: b.tag, members: enumMembers(b.body, notes), notes };
    });
}

/** Members of an enumeration body: `A = 0, B, C = 8` (a trailing comma allowed). */
export function enumMembers(body: string, notes: string[]): CEnumMember[] {
  const members: CEnumMember[] = [];
  const known = new Map<string, number>();
  let next: number | null = 0;
  for (const part of splitTopLevel(body)) {
    const t = part.trim();
    if (t === '') continue;
    const m = /^([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+))?$/.exec(t);
    if (!m) {
      notes.push(`enumerator "${t.replace(/\s+/g, ' ')}" is not NAME or NAME = value`);
      next = null;
      continue;
    }
    const valueText = m[2] !== undefined ? m[2].replace(/\s+/g, ' ').trim() : null;
    const value: number | null = valueText !== null ? cIntegerValue(valueText, (n) => known.get(n)) : next;
    if (valueText !== null && value === null) notes.push(`enumerator ${m[1]}: value "${valueText}" is not an integer`);
    if (value !== null) known.set(m[1]!, value);
    members.push({ name: m[1]!, valueText, value });
    next = value === null ? null : value + 1;
  }
  return members;
}
