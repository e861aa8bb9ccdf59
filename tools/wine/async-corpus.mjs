// The interfaces Windows declares with [async_uuid] (objidl.idl's IAdviseSink and IAdviseSink2,
// objidlbase.idl's IMultiQI) that Wine 8.0's IDL, the pinned corpus, declares without it. Conformance
// checks the asynchronous twins widl makes of them (AsyncIAdviseSink, AsyncIAdviseSink2, AsyncIMultiQI):
// copies of those two Wine files with the async_uuid attributes added go into .cache/wine/async, widl -h
// (the pinned widl, which supports async_uuid) writes their headers beside them, and our vtable report of
// the copies is compared with those headers like any other file of the corpus.
//
// The IIDs are Windows': IID_AsyncIAdviseSink 00000150-0000-0000-C000-000000000046, IID_AsyncIAdviseSink2
// 00000151-..., IID_AsyncIMultiQI 000e0020-... (objidl.h of the Windows SDK; see
// https://learn.microsoft.com/windows/win32/api/objidl/nn-objidl-iadvisesink for IAdviseSink).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, WIDL } from './fetch.mjs';
import { UserError } from './main.mjs';
import { widlArgs } from './widl-run.mjs';

export const ASYNC_DIR = path.join(CACHE_DIR, 'async');

/** Where each async_uuid goes: after the interface's own uuid, as the Wine file writes it. */
export const ASYNC_UUIDS = [
  { file: 'objidl.idl', name: 'IAdviseSink', uuid: '0000010f-0000-0000-C000-000000000046', asyncUuid: '00000150-0000-0000-C000-000000000046' },
  { file: 'objidl.idl', name: 'IAdviseSink2', uuid: '00000125-0000-0000-C000-000000000046', asyncUuid: '00000151-0000-0000-C000-000000000046' },
  { file: 'objidlbase.idl', name: 'IMultiQI', uuid: '00000020-0000-0000-C000-000000000046', asyncUuid: '000e0020-0000-0000-C000-000000000046' },
];

/** `text` with `async_uuid(A)` added after the `uuid(U)` of each entry; each must occur exactly once. */
export function addAsyncUuids(text, entries) {
  let patched = text;
  for (const e of entries) {
    const attribute = new RegExp(`uuid\\(${e.uuid}\\)`, 'gi');
    const found = patched.match(attribute) ?? [];
    if (found.length !== 1) throw new UserError(`uuid(${e.uuid}) of ${e.name} occurs ${found.length} times in ${e.file}, not once`);
    patched = patched.replace(attribute, (m) => `${m},\n  async_uuid(${e.asyncUuid})`);
  }
  return patched;
}

/**
 * Writes the copies and their widl headers (again only when a copy changed or a header is missing).
 * @returns {{idl: string, header: string}[]} the copies, each with its header
 */
export function prepareAsyncCorpus(idlDirs) {
  fs.mkdirSync(ASYNC_DIR, { recursive: true });
  const names = [...new Set(ASYNC_UUIDS.map((e) => e.file))];
  // Every copy is written before widl runs: one includes the other (objidl.idl includes objidlbase.idl).
  let changed = false;
  const files = names.map((name) => {
    const original = idlDirs.map((d) => path.join(d, name)).find((p) => fs.existsSync(p));
    if (!original) throw new UserError(`${name} is not in the Wine corpus (${idlDirs.join(', ')})`);
    const idl = path.join(ASYNC_DIR, name);
    const header = idl.replace(/\.idl$/, '.h');
    const text = addAsyncUuids(fs.readFileSync(original, 'utf8'), ASYNC_UUIDS.filter((e) => e.file === name));
    if (!fs.existsSync(idl) || fs.readFileSync(idl, 'utf8') !== text || !fs.existsSync(header)) {
      fs.writeFileSync(idl, text);
      changed = true;
    }
    return { idl, header };
  });
  for (const { idl, header } of changed ? files : []) {
    const r = spawnSync(WIDL, widlArgs(idl, { includeDirs: [ASYNC_DIR, ...idlDirs], output: header }), { encoding: 'utf8' });
    if (r.error) throw new UserError(`cannot run widl: ${r.error.message}`);
    if (r.status !== 0) throw new UserError(`widl failed on ${idl} (exit ${r.status ?? r.signal}):\n${String(r.stderr).trim().split('\n').slice(-5).join('\n')}`);
  }
  return files;
}
