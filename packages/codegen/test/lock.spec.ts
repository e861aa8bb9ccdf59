/**
 * The vtable lock in generation: loadConfig() reads it, generate() checks idl/mapi-sync against it and
 * stops on a changed layout unless updateLock accepts it. (The lock is written with the packages, in one
 * transaction: test/write.spec.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generate, loadConfig } from '../src';
import { REPO_ROOT } from './helpers';

/** The 1-based line of the first line of a repository file holding `needle`. */
const lineOf = (file: string, needle: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('the lock in generation', () => {
  const config = path.join(REPO_ROOT, 'idl/mapi-sync/comidl.config.json');
  const lockPath = path.join(REPO_ROOT, 'idl/mapi-sync/vtable.lock.json');

  it('loadConfig reads the library folder\'s lock', () => {
    expect(loadConfig(config, REPO_ROOT).lock).toEqual({ file: 'idl/mapi-sync/vtable.lock.json', text: readFileSync(lockPath, 'utf8') });
  });

  it('the committed lock of idl/mapi-sync is what generation gives', () => {
    const result = generate({ ...loadConfig(config, REPO_ROOT), kinds: ['interfaces'] });
    expect(result.lockProblems).toEqual([]);
    expect(result.lockFile).toEqual({ path: 'idl/mapi-sync/vtable.lock.json', text: readFileSync(lockPath, 'utf8') });
    expect(result.packages).toHaveLength(1);
  });

  it('a changed layout stops generation, unless updateLock accepts it', () => {
    const options = loadConfig(config, REPO_ROOT);
    const committed = options.lock!.text!;
    const from = '[["in", "unsigned int", "uiSync"], ["in,out", "void**", "ppv"]]';
    expect(committed).toContain(from);
    const edited = committed.replace(from, '[["in", "unsigned int", "uiSync"], ["out", "void**", "ppv"]]');
    const lock = { file: options.lock!.file, text: edited };
    const problem = {
      file: 'idl/mapi-sync/vtable.lock.json',
      code: 'ABI001',
      severity: 'breaking',
      interface: 'IOSTX',
      slot: 5,
      method: 'SyncBeg',
      message: 'IOSTX slot 5: SyncBeg parameter 2 (ppv) direction out -> in,out',
      // The changed slot's method in the IDL, not only the lock file.
      location: { file: path.join(REPO_ROOT, 'idl/mapi-sync/ostx.idl'), line: lineOf('idl/mapi-sync/ostx.idl', 'HRESULT SyncBeg('), column: 5 },
    };

    const stopped = generate({ ...options, lock, kinds: ['interfaces'] });
    expect(stopped.lockProblems).toEqual([problem]);
    expect(stopped.packages).toEqual([]);
    expect(stopped.lockFile!.text).toBe(edited);

    const updated = generate({ ...options, lock, updateLock: true, kinds: ['interfaces'] });
    expect(updated.lockProblems).toEqual([problem]);
    expect(updated.packages).toHaveLength(1);
    expect(updated.lockFile!.text).toBe(committed);
  });

  it.each([
    [
      'MAPISIB.punkCallBack renamed',
      'idl/mapi-sync/mapisync.idl',
      '    LPUNKNOWN punkCallBack;',
      '    LPUNKNOWN punkCallback;',
      ['struct MAPISIB: field 4 renamed punkCallBack -> punkCallback'],
    ],
    [
      "SYNC's fields reordered",
      'idl/mapi-sync/repltypes.idl',
      '    ULONG ulFlags;\n    /** [out] Path of the local store. */\n    LPWSTR pwzPath;',
      '    LPWSTR pwzPath;\n    ULONG ulFlags;',
      ['struct SYNC: field 1 (pwzPath) moved from field 2', 'struct SYNC: field 2 (ulFlags) moved from field 1'],
    ],
  ])('a locked structure changed (%s) stops generation like a moved slot', (_, file, from, to, messages) => {
    const target = path.join(REPO_ROOT, file);
    const original = readFileSync(target, 'utf8');
    expect(original).toContain(from);
    const host = { readFile: (p: string) => (path.resolve(p) === target ? original.replace(from, to) : existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
    const result = generate({ ...loadConfig(config, REPO_ROOT), host, kinds: ['interfaces'] });
    expect(result.lockProblems.map((p) => [p.severity, p.structure, p.message])).toEqual(messages.map((m) => ['breaking', m.split(' ')[1].replace(':', ''), m]));
    expect(result.packages).toEqual([]);
  });

  it('without a lock option nothing is checked', () => {
    const { lock: _, ...options } = loadConfig(config, REPO_ROOT);
    const result = generate({ ...options, kinds: ['interfaces'] });
    expect(result).toMatchObject({ lockProblems: [], lockFile: null });
  });
});
