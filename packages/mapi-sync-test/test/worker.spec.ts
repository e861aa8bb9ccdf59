/**
 * IOSTX across threads: the implementation, the generated IOSTXFake, lives in a worker_threads Worker
 * (test/fixtures/ostx-worker.mjs, which loads the built packages from their dist/), and the main thread
 * drives it through the generated IOSTXAsyncProxy over the worker's port. A real replication sequence runs
 * (InitSync, the synchronize state, the upload hierarchy state with one upload folder state per folder, each
 * closed with SetSyncResult and SyncEnd, then a download header pair whose SyncHdrEnd reports through an
 * IMAPIProgress on the main thread), and protocol violations come back as the protocol's failure HRESULT,
 * explained by GetLastError. The structures the fake hands out cross as copies; the fake lends them, so the
 * client's writes (UPF_OK, HSF_OK, HDRSYNC.pmsgFull) reach the fake's own structures before its rules read
 * them at SyncEnd and SyncHdrEnd, and the fake's writes (UPHIER.iEnt) reach the client's copies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  ComConnection,
  S_OK,
  inOut,
  messagePortEndpoint,
  out,
  protocolHresult,
  type HRESULT,
  type StateMachineProtocol,
} from '@comidl/runtime';
import {
  HSF_OK,
  LR_SYNC,
  LR_SYNC_UPLOAD_FOLDER,
  LR_SYNC_UPLOAD_HIERARCHY,
  LR_SYNC_UPLOAD_TABLE,
  MAPI_TOP_LEVEL,
  UPF_MOD_PROPS,
  UPF_NEW,
  UPF_OK,
  UPH_OK,
  UPM_HEADER,
  UPS_OK,
  UPS_UPLOAD_ONLY,
  structs,
  vtables,
  type HDRSYNC,
  type LPMAPIERROR,
  type LPVOID,
  type SYNC,
  type UPFLD,
  type UPHIER,
} from '@mapi-sync/interfaces';
import { IMAPIProgressFake, IOSTXProtocol, IUnknownMock } from '@mapi-sync/mocks';
import { IOSTXAsyncProxy, proxyStubs } from '@mapi-sync/proxies';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const WORKER_SCRIPT = join(__dirname, 'fixtures', 'ostx-worker.mjs');
/** What the worker imports, as Node resolves it there: each package's default export, in its dist/. */
const BUILT = ['@comidl/runtime', '@mapi-sync/interfaces', '@mapi-sync/proxies', '@mapi-sync/mocks'];
const VIOLATION = protocolHresult((IOSTXProtocol as StateMachineProtocol).violation)!;

interface Report {
  state: string;
  transitions: Array<{ method: string; from: string; to: string }>;
  completed: Array<{ state: string; result: HRESULT | undefined; ulFlags: number }>;
  violations: Array<{ rule: string; method: string; message: string }>;
  events: string[];
  progressAnswers: unknown[];
  headerSeen: Array<{ ulFlags: number; pmsgFull: string | null; addRef: unknown }>;
}

/** The file Node loads for `name` outside Jest: the package's `exports['.'].default` (its package.json if that is missing). */
function builtEntry(name: string): string {
  const directory = join(REPO_ROOT, 'node_modules', name);
  const manifestFile = join(directory, 'package.json');
  if (!existsSync(manifestFile)) return manifestFile;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { exports?: { '.'?: { default?: string } } };
  return join(directory, manifest.exports?.['.']?.default ?? 'dist/index.js');
}

let worker: Worker;
let connection: ComConnection;
/** Rejects when the worker fails, so that a broken worker fails the test instead of hanging it. */
let workerFailed: Promise<never>;

function orWorkerFailure<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, workerFailed]);
}

/** What the worker's fake saw so far. */
function report(): Promise<Report> {
  const answer = new Promise<Report>((resolve) => {
    const listener = (message: { $report?: Report }) => {
      if (message?.$report === undefined) return;
      worker.off('message', listener);
      resolve(message.$report);
    };
    worker.on('message', listener);
  });
  worker.postMessage({ $report: true });
  return orWorkerFailure(answer);
}

beforeAll(() => {
  const missing = BUILT.map((name) => ({ name, file: builtEntry(name) })).filter((p) => !existsSync(p.file));
  if (missing.length > 0) {
    throw new Error(
      `the worker loads the built packages, and ${missing.map((p) => `${p.name} (${p.file})`).join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} missing: run npm run build`,
    );
  }
});

beforeEach(async () => {
  worker = new Worker(WORKER_SCRIPT);
  workerFailed = new Promise<never>((_, reject) => {
    worker.on('error', (error) => reject(new Error(`the worker failed: ${error.stack ?? String(error)}`)));
    worker.on('exit', (code) => reject(new Error(`the worker exited with code ${code}`)));
  });
  workerFailed.catch(() => undefined);
  const ready = await orWorkerFailure(
    new Promise<{ fingerprints: Record<string, string> }>((resolve) => {
      const listener = (message: { $ready?: { fingerprints: Record<string, string> } }) => {
        if (message?.$ready === undefined) return;
        worker.off('message', listener);
        resolve(message.$ready);
      };
      worker.on('message', listener);
    }),
  );
  const stale = Object.entries(vtables).filter(([name, layout]) => ready.fingerprints[name] !== layout.fingerprint);
  if (stale.length > 0) {
    throw new Error(
      `the built @mapi-sync/interfaces is older than its sources (${stale
        .map(([name, layout]) => `${name}: dist ${ready.fingerprints[name]}, src ${layout.fingerprint}`)
        .join('; ')}): run npm run build`,
    );
  }
  connection = new ComConnection(messagePortEndpoint(worker), { proxyStubs, structs, vtables });
});

afterEach(async () => {
  connection?.close();
  await worker?.terminate();
});

describe('IOSTXFake in a worker thread', () => {
  it('runs an upload hierarchy and a download header pair, calling back the main thread’s IMAPIProgress', async () => {
    const ostx = await orWorkerFailure(connection.connectAsync('ostx', IOSTXAsyncProxy));
    const call = (hr: Promise<HRESULT>) => orWorkerFailure(hr);
    const ppv = inOut<LPVOID>(null);

    await expect(call(ostx.InitSync(0))).resolves.toBe(S_OK);
    await expect(call(ostx.SyncBeg(LR_SYNC, ppv))).resolves.toBe(S_OK);
    const sync = ppv.value as SYNC;
    expect(sync).toEqual(structs.SYNC.zero);
    sync.ulFlags = UPS_UPLOAD_ONLY;

    await expect(call(ostx.SyncBeg(LR_SYNC_UPLOAD_HIERARCHY, ppv))).resolves.toBe(S_OK);
    const uphier = ppv.value as UPHIER;
    expect(uphier).toEqual({ ulFlags: 0, pstmReserved: null, iEnt: 0, cEnt: 2 });
    const uploaded: UPFLD[] = [];
    // The worked example's loop: while iEnt < cEnt. The fake advances its UPHIER.iEnt; the copy here follows.
    while (uphier.iEnt < uphier.cEnt) {
      if (uploaded.length === uphier.cEnt) throw new Error('UPHIER.iEnt does not advance on this side');
      await expect(call(ostx.SyncBeg(LR_SYNC_UPLOAD_FOLDER, ppv))).resolves.toBe(S_OK);
      const upfld = ppv.value as UPFLD;
      uploaded.push(upfld);
      upfld.ulFlags |= UPF_OK;
      await expect(call(ostx.SetSyncResult(S_OK))).resolves.toBe(S_OK);
      await expect(call(ostx.SyncEnd())).resolves.toBe(S_OK);
    }
    expect(uploaded.map((f) => [f.ulFlags, f.feid.abFlags[3]])).toEqual([
      [UPF_NEW | UPF_OK, 1],
      [UPF_MOD_PROPS | UPF_OK, 2],
    ]);
    uphier.ulFlags |= UPH_OK;
    await expect(call(ostx.SetSyncResult(S_OK))).resolves.toBe(S_OK);
    await expect(call(ostx.SyncEnd())).resolves.toBe(S_OK);
    sync.ulFlags |= UPS_OK;
    await expect(call(ostx.SetSyncResult(S_OK))).resolves.toBe(S_OK);
    await expect(call(ostx.SyncEnd())).resolves.toBe(S_OK);

    const entryId = { abFlags: new Uint8Array(4), ab: new Uint8Array([0x11, 0x22, 0x33]) };
    await expect(call(ostx.SyncHdrBeg(7, entryId, ppv))).resolves.toBe(S_OK);
    const hdr = ppv.value as HDRSYNC;
    expect(hdr.pupmsg).toMatchObject({ ulFlags: UPM_HEADER, pmsg: null });
    expect(hdr.feidPar.abFlags).toEqual(new Uint8Array([0, 0, 0, 7]));
    // The client downloads the full item into pmsgFull and sets HSF_OK (SyncHdrBeg page).
    const fullItem = new IUnknownMock();
    hdr.pmsgFull = fullItem;
    hdr.ulFlags |= HSF_OK;
    const progress = new IMAPIProgressFake();
    await expect(call(ostx.SyncHdrEnd(progress))).resolves.toBe(S_OK);
    expect(progress.events).toEqual([
      { method: 'SetLimits', args: { lpulMin: 1, lpulMax: 3, lpulFlags: MAPI_TOP_LEVEL } },
      { method: 'Progress', args: { ulValue: 1, ulCount: 1, ulTotal: 3 } },
      { method: 'Progress', args: { ulValue: 3, ulCount: 3, ulTotal: 3 } },
    ]);
    const seen = await report();
    // The progress object was lent for the call only; the full item stayed with the fake's HDRSYNC until
    // SyncHdrEnd gave the structure back, and the fake's AddRef keeps one reference.
    expect(connection.exportCount).toBe(1);
    expect(seen.headerSeen).toEqual([{ ulFlags: HSF_OK, pmsgFull: 'IUnknownAsyncProxy', addRef: 2 }]);
    expect(seen.violations).toEqual([]);
    expect(seen.state).toBe('LR_SYNC_IDLE');
    expect(seen.progressAnswers).toEqual([S_OK, S_OK, S_OK]);
    expect(seen.transitions.map((t) => `${t.method}: ${t.from} -> ${t.to}`)).toEqual([
      'SyncBeg: LR_SYNC_IDLE -> LR_SYNC',
      'SyncBeg: LR_SYNC -> LR_SYNC_UPLOAD_HIERARCHY',
      'SyncBeg: LR_SYNC_UPLOAD_HIERARCHY -> LR_SYNC_UPLOAD_FOLDER',
      'SyncEnd: LR_SYNC_UPLOAD_FOLDER -> LR_SYNC_UPLOAD_HIERARCHY',
      'SyncBeg: LR_SYNC_UPLOAD_HIERARCHY -> LR_SYNC_UPLOAD_FOLDER',
      'SyncEnd: LR_SYNC_UPLOAD_FOLDER -> LR_SYNC_UPLOAD_HIERARCHY',
      'SyncEnd: LR_SYNC_UPLOAD_HIERARCHY -> LR_SYNC',
      'SyncEnd: LR_SYNC -> LR_SYNC_IDLE',
      'SyncHdrBeg: LR_SYNC_IDLE -> LR_SYNC_DOWNLOAD_HEADER',
      'SyncHdrEnd: LR_SYNC_DOWNLOAD_HEADER -> LR_SYNC_IDLE',
    ]);
    expect(seen.completed.map((c) => [c.state, c.result])).toEqual([
      ['LR_SYNC_UPLOAD_FOLDER', S_OK],
      ['LR_SYNC_UPLOAD_FOLDER', S_OK],
      ['LR_SYNC_UPLOAD_HIERARCHY', S_OK],
      ['LR_SYNC', S_OK],
      ['LR_SYNC_DOWNLOAD_HEADER', undefined],
    ]);
    // What the serving side saw when each state ended: the flags the client set in its copies.
    expect(seen.completed.map((c) => c.ulFlags)).toEqual([
      UPF_NEW | UPF_OK,
      UPF_MOD_PROPS | UPF_OK,
      UPH_OK,
      UPS_UPLOAD_ONLY | UPS_OK,
      HSF_OK,
    ]);
    expect(seen.events).toEqual([
      'InitSync',
      'SyncBeg',
      'SyncBeg',
      ...['SyncBeg', 'SetSyncResult', 'SyncEnd', 'SyncBeg', 'SetSyncResult', 'SyncEnd'],
      'SetSyncResult',
      'SyncEnd',
      'SetSyncResult',
      'SyncEnd',
      'SyncHdrBeg',
      'SyncHdrEnd',
    ]);
  });

  it('answers a protocol violation with the protocol’s failure HRESULT, and GetLastError names the rule', async () => {
    expect(VIOLATION).toBeLessThan(0);
    const ostx = await orWorkerFailure(connection.connectAsync('ostx', IOSTXAsyncProxy));
    const call = (hr: Promise<HRESULT>) => orWorkerFailure(hr);
    const ppv = inOut<LPVOID>(null);
    await expect(call(ostx.InitSync(0))).resolves.toBe(S_OK);
    await expect(call(ostx.SyncBeg(LR_SYNC, ppv))).resolves.toBe(S_OK);

    // SyncEnd before SetSyncResult.
    await expect(call(ostx.SyncEnd())).resolves.toBe(VIOLATION);
    const error = out<LPMAPIERROR>();
    await expect(call(ostx.GetLastError(VIOLATION, 0, error))).resolves.toBe(S_OK);
    expect(error.value).toEqual({
      ulVersion: 0,
      lpszError: 'IOSTX::SyncEnd(): state LR_SYNC has no result; call SetSyncResult before SyncEnd (rule: result-before-leave)',
      lpszComponent: 'IOSTX fake',
      ulLowLevelError: 0,
      ulContext: 0,
    });

    // The upload table state is entered from the synchronize contents state, not from the synchronize state.
    const table = inOut<LPVOID>(null);
    await expect(call(ostx.SyncBeg(LR_SYNC_UPLOAD_TABLE, table))).resolves.toBe(VIOLATION);
    expect(table.value).toBeNull();
    await expect(call(ostx.GetLastError(VIOLATION, 0, error))).resolves.toBe(S_OK);
    expect(error.value?.lpszError).toMatch(/^IOSTX::SyncBeg\(LR_SYNC_UPLOAD_TABLE\): .*\(rule: enter-from-parent\)$/);

    // The violations changed nothing: the session goes on and ends normally.
    (ppv.value as SYNC).ulFlags |= UPS_OK;
    await expect(call(ostx.SetSyncResult(S_OK))).resolves.toBe(S_OK);
    await expect(call(ostx.SyncEnd())).resolves.toBe(S_OK);

    const seen = await report();
    expect(seen.state).toBe('LR_SYNC_IDLE');
    expect(seen.violations.map((v) => [v.rule, v.method])).toEqual([
      ['result-before-leave', 'SyncEnd'],
      ['enter-from-parent', 'SyncBeg'],
    ]);
    expect(seen.transitions.map((t) => t.to)).toEqual(['LR_SYNC', 'LR_SYNC_IDLE']);
  });
});
