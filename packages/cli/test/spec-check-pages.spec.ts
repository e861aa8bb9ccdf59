/**
 * `comidl spec-check` reads every fact from `--docs` at run time: a copy of a docs variant with facts
 * changed fails against the unchanged IDL, each change reported at the IDL declaration with the changed
 * page's URL; a page it needs that is missing, a directory or a FIFO fails naming the page, and nothing
 * is compared; a broken spec-check.json fails at its line and column.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli, copyIdl, describeWithDocs, DOCS_ROOT, DOCS_VARIANTS, lineOf, MAPI_SYNC_IDL, STACK_TRACE, tempDir } from './helpers';

const IDL = path.dirname(MAPI_SYNC_IDL);
const REPLCONST = path.join(IDL, 'replconst.idl');
const REPLTYPES = path.join(IDL, 'repltypes.idl');
const SPEC_CHECK_JSON = path.join(IDL, 'spec-check.json');

function urlPrefix(variant: string): string {
  const locale = variant.replace(/-sxs$/, '').toLowerCase();
  return `https://learn.microsoft.com/${locale === 'en-us' ? '' : `${locale}/`}office/client-developer/outlook/mapi/`;
}

/** Replaces, on every line of `file` that contains `marker`, each `from` by `to` (translated and English spans alike); at least one. */
function editLines(file: string, marker: string, from: string, to: string): void {
  let hits = 0;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => {
      if (!l.includes(marker) || !l.includes(from)) return l;
      hits++;
      return l.split(from).join(to);
    });
  if (hits === 0) throw new Error(`no line of ${file} has ${marker} and ${from}`);
  writeFileSync(file, lines.join('\n'));
}

/** 1-based line of the first line of `file` that equals `text` after `after`. */
function lineAfter(file: string, after: string, text: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes(after));
  return start + 1 + lines.slice(start).findIndex((l) => l === text);
}

describeWithDocs('comidl spec-check reads the pages at run time', () => {
  const dir = tempDir('spec-check-pages', (root) => {
    for (const variant of DOCS_VARIANTS) {
      // Facts changed: a constant's value, a member's name, an enumeration value, a state's parent, and
      // the typo a documented departure accounts for, fixed.
      const facts = path.join(root, 'facts', variant);
      cpSync(path.join(DOCS_ROOT, variant), facts, { recursive: true });
      editLines(path.join(facts, 'mapi-constants.md'), 'DNH_OK', '0x00010000', '0x00020000');
      editLines(path.join(facts, 'sync.md'), 'LPWSTR pwzPath;', 'pwzPath', 'pwzPathName');
      editLines(path.join(facts, 'syncstate.md'), 'LR_SYNC_DOWNLOAD_HEADER = 17', '17', '18');
      editLines(path.join(facts, 'upload-message-state.md'), '](upload-table-state.md)', '](upload-table-state.md)', '](synchronize-contents-state.md)');
      editLines(path.join(facts, 'uptble.md'), 'UINTiEntMod;', 'UINTiEntMod;', 'UINT iEntMod;');
      // Pages that cannot be read: one deleted, one a directory, one a FIFO; and one without the facts it is read for.
      const pages = path.join(root, 'pages', variant);
      cpSync(path.join(DOCS_ROOT, variant), pages, { recursive: true });
      rmSync(path.join(pages, 'iostx-syncbeg.md'));
      rmSync(path.join(pages, 'uptbl.md'));
      mkdirSync(path.join(pages, 'uptbl.md'));
      rmSync(path.join(pages, 'sync.md'));
      execFileSync('mkfifo', [path.join(pages, 'sync.md')]);
      writeFileSync(path.join(pages, 'syncstate.md'), '---\ntitle: SYNCSTATE\n---\n# SYNCSTATE\n\nNo declaration.\n');
    }
  });

  describe.each(DOCS_VARIANTS)('--docs a changed copy of %s', (variant) => {
    const url = (page: string) => `${urlPrefix(variant)}${page}`;

    it('fails on each changed fact, at the IDL declaration, with the changed page', () => {
      const docs = path.join(dir, 'facts', variant);
      const r = cli('spec-check', MAPI_SYNC_IDL, '--docs', docs);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      const syncState = readFileSync(REPLTYPES, 'utf8').split('\n');
      const header = syncState.findIndex((l) => l.includes('LR_SYNC_DOWNLOAD_HEADER = 17')) + 1;
      const protocol = path.join(IDL, 'iostx.protocol.json');
      const departure = readFileSync(SPEC_CHECK_JSON, 'utf8').split('\n');
      const stale = departure.findIndex((l) => l.includes('"docs": "UINTiEntMod"'));
      expect(r.stdout.trimEnd().split('\n')).toEqual([
        `${REPLTYPES}:${lineAfter(REPLTYPES, 'typedef struct _SYNC', '    LPWSTR pwzPath;')}:5: SYNC member 2 is LPWSTR pwzPath, docs have LPWSTR pwzPathName (${url('sync')})`,
        `${REPLTYPES}:${header}:5: SYNCSTATE.LR_SYNC_DOWNLOAD_HEADER is 17, docs have 18 (${url('syncstate')})`,
        `${REPLCONST}:${lineOf(REPLCONST, 'const ULONG DNH_OK')}:1: DNH_OK is 0x00010000, docs have 0x00020000 (${url('mapi-constants')})`,
        `${protocol}:${lineOf(protocol, '"name": "LR_SYNC_UPLOAD_MESSAGE"')}:5: state LR_SYNC_UPLOAD_MESSAGE is entered from LR_SYNC_UPLOAD_TABLE, docs have LR_SYNC_CONTENTS (${url('upload-message-state')})`,
        `${SPEC_CHECK_JSON}:${stale + 1}:${departure[stale]!.indexOf('{') + 1}: documented departure field-name of UPTBLE (docs "UINTiEntMod", IDL "UINT iEntMod") does not occur (${url('uptble')})`,
        `spec-check: 5 difference(s) between ${MAPI_SYNC_IDL} and ${docs}`,
      ]);
    });

    it('fails naming each page it needs and cannot read (or that lacks what it is read for), comparing nothing', () => {
      const docs = path.join(dir, 'pages', variant);
      const r = cli('spec-check', MAPI_SYNC_IDL, '--docs', docs);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        `comidl spec-check: ${path.join(docs, 'iostx-syncbeg.md')}: missing; needed as the method page of IOSTX slot 5 (linked from iostxiunknown) (${url('iostx-syncbeg')})`,
        `comidl spec-check: ${path.join(docs, 'sync.md')}: is a FIFO, not a regular file; needed as a structure page (${url('sync')})`,
        `comidl spec-check: ${path.join(docs, 'uptbl.md')}: is a directory, not a regular file; needed as a structure page (${url('uptbl')})`,
        `comidl spec-check: ${path.join(docs, 'syncstate.md')}: declares no enumeration in its code blocks; needed as an enumeration page (${url('syncstate')})`,
        `comidl spec-check: 4 page(s) the check needs cannot be read from ${docs}; nothing was compared`,
      ]);
      const json = cli('spec-check', MAPI_SYNC_IDL, '--docs', docs, '--json');
      expect({ code: json.code, stdout: json.stdout }).toEqual({ code: 1, stdout: '' });
    });
  });

  describe('a broken spec-check.json fails at its line and column', () => {
    const tmp = tempDir('spec-check-config');
    it.each([
      ['not JSON', (t: string) => t.replace('"pages": {', '"pages" {'), /:3:11: expected ':' after "pages"$/],
      ['an unknown key', (t: string) => t.replace('"enumerations"', '"enums"'), /:11:5: unknown key "enums" \(expected interfaces, structures, enumerations, constants, constantSections, states\)$/],
      ['a departure without a reason', (t: string) => t.replace(/"reason": "The page's declaration runs[^"]*",/, ''), /:\d+:5: departures\/0\/reason must be a non-empty string$/],
    ])('%s', (name, edit, message) => {
      const idl = copyIdl(path.join(tmp, name.replace(/\W/g, '-')));
      const config = path.join(idl, 'mapi-sync/spec-check.json');
      writeFileSync(config, edit(readFileSync(config, 'utf8')));
      const r = cli('spec-check', path.join(idl, 'mapi-sync/mapi-sync.idl'), '--docs', path.join(DOCS_ROOT, 'en-US'));
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
      expect(r.stderr.trimEnd()).toMatch(new RegExp(`^comidl spec-check: ${config.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}${message.source}`));
    });
  });
});
