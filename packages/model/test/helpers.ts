/** Shared by the model's data-driven tests: fixture folders, baselines, a counting host, stable output. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatChain, type Diagnostic, type PreprocessHost } from '@comidl/parser';
import type { FileModel, InterfaceModel, VtableSlot } from '../src';

/** Repository root (`packages/model/test` → `.`). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export const FIXTURES = path.join(__dirname, 'fixtures');
export const ERROR_FIXTURES = path.join(FIXTURES, '_error_');

/** `UPDATE_BASELINES=1 npx jest` rewrites the baselines instead of comparing with them. */
export const UPDATE_BASELINES = process.env['UPDATE_BASELINES'] === '1';

/** The case folders directly under `dir` (sorted), leaving out `_error_`-style folders. */
export function caseFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('_') && statSync(path.join(dir, name)).isDirectory())
    .sort();
}

/**
 * Compares `actual` with the baseline file, or writes it when UPDATE_BASELINES=1. A missing baseline
 * fails with a hint rather than passing silently.
 */
export function expectBaseline(baselineFile: string, actual: string): void {
  if (UPDATE_BASELINES) {
    const before = existsSync(baselineFile) ? readFileSync(baselineFile, 'utf8') : undefined;
    if (before !== actual) writeFileSync(baselineFile, actual);
    return;
  }
  if (!existsSync(baselineFile)) {
    throw new Error(`missing baseline ${path.relative(REPO_ROOT, baselineFile)}; write it with UPDATE_BASELINES=1 npx jest`);
  }
  expect(actual).toBe(readFileSync(baselineFile, 'utf8'));
}

/** A host that reads from disk and counts the reads of each path, to show each file is read once. */
export function countingHost(): { host: PreprocessHost; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    host: {
      readFile(p) {
        reads.set(p, (reads.get(p) ?? 0) + 1);
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return undefined;
        }
      },
    },
  };
}

/** A path as the baselines show it: relative to the fixture folder, with forward slashes. */
export function displayPath(file: string, base: string): string {
  return path.relative(base, path.resolve(file)).split(path.sep).join('/');
}

export interface SlotBaseline {
  name: string;
  declaredIn: string;
  /** `name:direction:type`. */
  params: string[];
  placeholder?: true;
  /** The `[call_as]` twin sharing the slot: its name and parameters. */
  remote?: { name: string; params: string[] };
}

export interface InterfaceBaseline {
  name: string;
  kind: InterfaceModel['kind'];
  base: string | null;
  iid: string | null;
  object: boolean;
  templateParameters?: string[];
  slots: SlotBaseline[];
}

function params(slot: VtableSlot['method']): string[] {
  return slot.parameters.map((p) => `${p.name}:${p.direction}:${p.type}`);
}

export function slotBaseline(s: VtableSlot): SlotBaseline {
  const out: SlotBaseline = { name: s.name, declaredIn: s.declaredIn, params: params(s.method) };
  if (s.method.placeholder) out.placeholder = true;
  if (s.remote) out.remote = { name: s.remote.name, params: params(s.remote) };
  return out;
}

export function interfaceBaseline(i: InterfaceModel): InterfaceBaseline {
  return {
    name: i.name,
    kind: i.kind,
    base: i.base,
    iid: i.iid,
    object: i.object,
    ...(i.templateParameters ? { templateParameters: i.templateParameters } : {}),
    slots: i.vtable.map(slotBaseline),
  };
}

/** `vtables.json`: each file of the fixture (the input first, then its imports) with its interfaces. */
export function vtablesBaseline(models: readonly FileModel[], base: string): string {
  const value: Record<string, InterfaceBaseline[]> = {};
  for (const m of models) value[displayPath(m.file, base)] = m.interfaces.map(interfaceBaseline);
  return stringify(value) + '\n';
}

/**
 * JSON with 2-space indentation down to the slots, and each slot on one line, so a baseline diff shows
 * which slot changed.
 */
export function stringify(value: unknown, indent = '', depth = 0): string {
  const primitives = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
  if (value === null || typeof value !== 'object' || depth >= 4 || primitives) return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((v) => inner + stringify(v, inner, depth + 1)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (!entries.length) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner, depth + 1)}`).join(',\n')}\n${indent}}`;
}

/**
 * `diagnostics.txt`: each diagnostic as `file:line:col: severity CODE: message`, then its declaration
 * (`in interface IFoo`) when it has one, then the source line and a caret under the column.
 */
export function diagnosticsBaseline(diagnostics: readonly Diagnostic[], base: string): string {
  const sources = new Map<string, string[]>();
  const lineOf = (file: string, line: number): string | undefined => {
    const resolved = path.resolve(file);
    let lines = sources.get(resolved);
    if (!lines) {
      lines = existsSync(resolved) ? readFileSync(resolved, 'utf8').split(/\r?\n/) : [];
      sources.set(resolved, lines);
    }
    return lines[line - 1];
  };
  return diagnostics
    .map((d) => {
      const file = displayPath(d.file, base);
      const out = [`${file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`];
      if (d.context) out.push(`  in ${d.context}`);
      if (d.via?.length) out.push(`  ${formatChain(d.via.map((v) => ({ ...v, file: displayPath(v.file, base) })))}`);
      const source = lineOf(d.file, d.line);
      if (source !== undefined) {
        out.push(`  | ${source.replace(/\t/g, ' ')}`);
        out.push(`  | ${' '.repeat(Math.max(0, d.column - 1))}^`);
      }
      return out.join('\n') + '\n';
    })
    .join('');
}
