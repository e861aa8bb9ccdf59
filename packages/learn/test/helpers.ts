import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IdlInterfaceView, SpecDocument } from '../src';

/** Repository root (`packages/learn/test` → `.`). */
export const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Microsoft Learn page snapshots shared beside the checkout. `COMIDL_SPEC_DOCS` points elsewhere
 * (e.g. at a missing folder, to see the docs tests skip).
 */
export const DOCS_ROOT = resolve(process.env['COMIDL_SPEC_DOCS'] ?? resolve(REPO_ROOT, '../shared/spec/docs'));

/** The committed machine-readable spec. */
export const SPEC_JSON = join(REPO_ROOT, 'idl/mapi-sync/spec.json');

export const FIXTURES = join(__dirname, 'fixtures');

export const LOCALIZED_VARIANTS = ['de-DE', 'fr-FR', 'es-ES', 'de-DE-sxs', 'fr-FR-sxs', 'es-ES-sxs'] as const;

/**
 * `describe` when the docs folder exists; otherwise a skipped `describe`, after saying why on the
 * console (so a missing folder never reads as a pass).
 */
let warned = false;

export function describeWithDocs(name: string, body: () => void): void {
  if (existsSync(DOCS_ROOT)) {
    describe(name, body);
  } else {
    if (!warned) console.warn(`skipped: no docs folder at ${DOCS_ROOT}`);
    warned = true;
    describe.skip(name, body);
  }
}

/**
 * An IDL view that matches a spec exactly: one `idl/<name>.idl` file per interface, the interface on
 * line 1 and its methods on the lines after it (slot k of the interface on line k + 2, column 5).
 * Placeholder slots get the name `Placeholder<slot>`; parameters without a documented direction get
 * none (MIDL's default `[in]`).
 */
export function idlFromSpec(spec: SpecDocument): IdlInterfaceView[] {
  return spec.interfaces.map((i) => {
    const file = `idl/${i.name}.idl`;
    return {
      name: i.name,
      iid: i.iid,
      file,
      line: 1,
      column: 1,
      slots: i.slots.map((s, k) => ({
        name: s.placeholder ? `Placeholder${s.index}` : s.name,
        placeholder: s.placeholder,
        file,
        line: k + 2,
        column: 5,
        params: (s.signature?.params ?? []).map((p) => ({ name: p.name, type: p.type, direction: p.direction })),
      })),
    };
  });
}
