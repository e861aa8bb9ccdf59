/**
 * The macro table: definitions by name, in an open-addressing hash table that can look a name up straight
 * from a range of source text.
 */
import type { Memo } from './expansion-memo';
import type { Tok } from './tokens';

export const OBJECT_LIKE = 0;
export const FUNCTION_LIKE = 1;
export const BUILTIN_FILE = 2;
export const BUILTIN_LINE = 3;

export interface MacroDef {
  readonly name: string;
  readonly kind: number;
  /** Parameter names; a variadic macro's last one is `__VA_ARGS__` or the GNU named form's name. */
  readonly params: readonly string[];
  readonly variadic: boolean;
  /** Body tokens; a parameter reference has `param >= 0`. */
  readonly body: readonly Tok[];
  /** The body contains `##`. */
  readonly paste: boolean;
  /** For an object-like macro whose body names nothing (a constant): its expansion, ready to reuse. */
  readonly plain: Memo | null;
  /** Where it was defined, for redefinition messages. */
  readonly where: string;
}

/**
 * Hash of an identifier, computed character by character. The line scanner computes the same value on the
 * fly, so a line whose identifiers name no macro is copied without slicing a single name.
 */
export function hashStep(h: number, c: number): number {
  // 24 bits, so every intermediate value stays a small integer even in unoptimized code (no boxing).
  return ((h << 5) + h + c) & 0xffffff;
}

export function hashName(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = hashStep(h, name.charCodeAt(i));
  return h;
}

/**
 * The defined macros: an open-addressing hash table keyed by `hashName`, so a name can be looked up straight
 * from a range of the source text without slicing it.
 */
export class MacroTable {
  private hashes = new Int32Array(256);
  /** undefined: empty slot; null: deleted. */
  private defs: (MacroDef | null | undefined)[] = new Array<MacroDef | null | undefined>(256);
  private mask = 255;
  private filled = 0;
  /** Told whenever a name is defined or undefined (memoized expansions depend on the table). */
  onChange: ((hash: number) => void) | null = null;

  get(name: string): MacroDef | undefined {
    return this.lookup(name, 0, name.length, hashName(name));
  }

  has(name: string): boolean {
    return this.lookup(name, 0, name.length, hashName(name)) !== undefined;
  }

  /** The macro named `text[start, end)`, whose `hashName` is `hash`. */
  lookup(text: string, start: number, end: number, hash: number): MacroDef | undefined {
    const defs = this.defs;
    const hashes = this.hashes;
    const mask = this.mask;
    const len = end - start;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const d = defs[i];
      if (d === undefined) return undefined;
      if (d !== null && hashes[i] === hash && d.name.length === len && (start === 0 && len === text.length ? d.name === text : sameChars(d.name, text, start))) return d;
    }
  }

  set(def: MacroDef): void {
    const hash = hashName(def.name);
    this.onChange?.(hash);
    const slot = this.find(def.name, hash);
    if (slot >= 0) {
      this.defs[slot] = def;
      return;
    }
    if ((this.filled + 1) * 2 > this.mask) this.rehash();
    const defs = this.defs;
    let i = hash & this.mask;
    while (defs[i] !== undefined && defs[i] !== null) i = (i + 1) & this.mask;
    if (defs[i] === undefined) this.filled++;
    defs[i] = def;
    this.hashes[i] = hash;
  }

  delete(name: string): void {
    const hash = hashName(name);
    const slot = this.find(name, hash);
    if (slot < 0) return;
    this.defs[slot] = null;
    this.onChange?.(hash);
  }

  private find(name: string, hash: number): number {
    const defs = this.defs;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const d = defs[i];
      if (d === undefined) return -1;
      if (d !== null && this.hashes[i] === hash && d.name === name) return i;
    }
  }

  private rehash(): void {
    const old = this.defs;
    const oldHashes = this.hashes;
    let live = 0;
    for (const d of old) if (d) live++;
    let size = 256;
    while (size < live * 4) size *= 2;
    this.defs = new Array<MacroDef | null | undefined>(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    this.filled = 0;
    for (let k = 0; k < old.length; k++) {
      const d = old[k];
      if (!d) continue;
      const hash = oldHashes[k];
      let i = hash & this.mask;
      while (this.defs[i] !== undefined) i = (i + 1) & this.mask;
      this.defs[i] = d;
      this.hashes[i] = hash;
      this.filled++;
    }
  }
}

function sameChars(name: string, text: string, start: number): boolean {
  for (let k = 0; k < name.length; k++) if (name.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/** Same definition in the sense of C 6.10.3p2: same kind, parameters, body spelling and whitespace. */
export function sameDefinition(a: MacroDef, b: MacroDef): boolean {
  if (a.kind !== b.kind || a.variadic !== b.variadic || a.params.length !== b.params.length) return false;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false;
  if (a.body.length !== b.body.length) return false;
  for (let i = 0; i < a.body.length; i++) {
    const x = a.body[i];
    const y = b.body[i];
    if (x.text !== y.text || (i > 0 && x.space !== y.space)) return false;
  }
  return true;
}
