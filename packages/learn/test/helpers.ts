import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IdlInterfaceView, IdlViews, SpecDocument } from '../src';

/** Repository root (`packages/learn/test` → `.`). */
export const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Microsoft Learn page snapshots shared beside the checkout. `COMIDL_SPEC_DOCS` points elsewhere
 * (e.g. at a missing folder, to see the docs tests skip).
 */
export const DOCS_ROOT = resolve(process.env['COMIDL_SPEC_DOCS'] ?? resolve(REPO_ROOT, '../shared/spec/docs'));

/** The committed machine-readable spec. */
export const SPEC_JSON = join(REPO_ROOT, 'idl/mapi-sync/spec.json');

/** The pages, protocol description and documented departures of idl/mapi-sync. */
export const SPEC_CHECK_JSON = join(REPO_ROOT, 'idl/mapi-sync/spec-check.json');

export const FIXTURES = join(__dirname, 'fixtures');

export const LOCALIZED_VARIANTS = ['de-DE', 'fr-FR', 'es-ES', 'de-DE-sxs', 'fr-FR-sxs', 'es-ES-sxs'] as const;

/**
 * `describe` when the docs folder exists. Without it: on CI (`CI` set) a failing test that says what is
 * missing, so CI never passes without the pages; elsewhere a skipped `describe`, after saying why on
 * the console (so a missing folder never reads as a pass).
 */
let warned = false;

export function describeWithDocs(name: string, body: () => void): void {
  if (existsSync(DOCS_ROOT)) {
    describe(name, body);
  } else if (process.env['CI']) {
    describe(name, () => {
      it('needs the Microsoft Learn pages', () => {
        throw new Error(`no docs folder at ${DOCS_ROOT}: CI must have ../shared/spec/docs beside the checkout (or COMIDL_SPEC_DOCS)`);
      });
    });
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

/**
 * IDL views that match a spec exactly, interfaces as `idlFromSpec` gives them: structure S in
 * `idl/S.idl` (line 1, member k on line k + 2), enumeration E in `idl/E.idl` likewise, each constant
 * in `idl/constants.idl` on its own line (with the page's value and text), and the states in
 * `idl/protocol.json` (state k on line k + 2).
 */
export function idlViewsFromSpec(spec: SpecDocument): IdlViews {
  const constants = spec.constants
    .filter((c, k, all) => c.value !== null && all.findIndex((x) => x.name === c.name) === k)
    .map((c, k) => ({ name: c.name, value: c.value, text: c.text, file: 'idl/constants.idl', line: k + 1, column: 1 }));
  return {
    interfaces: idlFromSpec(spec),
    structures: spec.structures.map((s) => ({
      name: s.name,
      file: `idl/${s.name}.idl`,
      line: 1,
      column: 1,
      fields: s.fields.map((f, k) => ({ name: f.name, type: f.type, file: `idl/${s.name}.idl`, line: k + 2, column: 5 })),
    })),
    enums: spec.enums.map((e) => ({
      name: e.name,
      file: `idl/${e.name}.idl`,
      line: 1,
      column: 1,
      members: e.members.map((m, k) => ({ name: m.name, value: m.value, file: `idl/${e.name}.idl`, line: k + 2, column: 5 })),
    })),
    constants,
    states: spec.states.map((s, k) => ({
      name: s.identifier,
      structure: s.structure,
      parents: [...s.parents],
      file: 'idl/protocol.json',
      line: k + 2,
      column: 5,
    })),
  };
}
