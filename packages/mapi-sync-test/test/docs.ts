/**
 * The Microsoft Learn pages beside the checkout (`../shared/spec/docs`, or `COMIDL_SPEC_DOCS`) and the
 * specs extracted from them as `idl/mapi-sync/spec-check.json` says. Without the folder, the tests that
 * need it fail on CI (`CI` set) saying so, and are skipped elsewhere after printing why.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { extractSpec, loadSpecCheckConfig, type SpecCheckConfig, type SpecDocument } from '@comidl/learn';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const DOCS_ROOT = path.resolve(process.env['COMIDL_SPEC_DOCS'] ?? path.join(REPO_ROOT, '../shared/spec/docs'));
export const DOCS_VARIANTS = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'de-DE-sxs', 'fr-FR-sxs', 'es-ES-sxs'] as const;
export const SPEC_JSON = path.join(REPO_ROOT, 'idl/mapi-sync/spec.json');
export const SPEC_CHECK_JSON = path.join(REPO_ROOT, 'idl/mapi-sync/spec-check.json');

export const config: SpecCheckConfig = loadSpecCheckConfig(SPEC_CHECK_JSON);

/** The spec of one docs variant, read as spec-check.json says. */
export function extractVariant(variant: string): SpecDocument {
  return extractSpec(path.join(DOCS_ROOT, variant), config.pages);
}

let warned = false;

/** `describe.each` over the seven variants when the docs are there; see the file comment otherwise. */
export function describeEachVariant(name: string, body: (variant: string) => void): void {
  if (existsSync(DOCS_ROOT)) {
    describe.each(DOCS_VARIANTS)(name, body);
  } else if (process.env['CI']) {
    describe(name, () => {
      it('needs the Microsoft Learn pages', () => {
        throw new Error(`no docs folder at ${DOCS_ROOT}: CI must have ../shared/spec/docs beside the checkout (or COMIDL_SPEC_DOCS)`);
      });
    });
  } else {
    if (!warned) console.warn(`skipped: no Microsoft Learn docs folder at ${DOCS_ROOT} (checked against idl/mapi-sync/spec.json only)`);
    warned = true;
    describe.skip(name, () => body(''));
  }
}
