/**
 * The message channel across threads: the implementation lives in a worker (test/fixtures/ostx-worker.mjs,
 * which loads the built runtime from dist/), and the main thread calls it through async proxies, passing a
 * callback object the worker calls back.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, threadId } from 'node:worker_threads';
import {
  ComConnection,
  ComError,
  E_FAIL,
  E_NOINTERFACE,
  MAPI_E_USER_CANCEL,
  S_FALSE,
  S_OK,
  inOut,
  messagePortEndpoint,
  out,
} from '../src/index.js';
import { Progress } from './fixtures/objects.js';
import {
  IOSTXAsyncProxy,
  IOSTXAsyncProxyV2,
  layouts,
  proxyStubs,
  structs,
  vtables,
  type MAPIERROR,
} from './fixtures/ostx.js';

const builtRuntime = join(__dirname, '..', 'dist', 'index.js');
const workerScript = join(__dirname, 'fixtures', 'ostx-worker.mjs');

let worker: Worker;
let connection: ComConnection;
/** Rejects when the worker fails, so that a broken worker fails the test instead of hanging it. */
let workerFailed: Promise<never>;

function orWorkerFailure<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, workerFailed]);
}

beforeAll(() => {
  if (!existsSync(builtRuntime)) {
    throw new Error(
      `the worker test loads the built runtime, and ${builtRuntime} is missing: build it first ` +
        '(npx nx build @comidl/runtime, or npx tsc -p tsconfig.lib.json in packages/runtime)',
    );
  }
});

beforeEach(() => {
  worker = new Worker(workerScript, { workerData: { vtables: layouts.vtables, structs: layouts.structs } });
  workerFailed = new Promise<never>((_, reject) => {
    worker.on('error', (error) => reject(new Error(`the worker failed: ${error.stack ?? String(error)}`)));
    worker.on('exit', (code) => reject(new Error(`the worker exited with code ${code}`)));
  });
  workerFailed.catch(() => undefined);
  connection = new ComConnection(messagePortEndpoint(worker), { proxyStubs, structs, vtables });
});

afterEach(async () => {
  connection.close();
  await worker.terminate();
});

describe('worker thread', () => {
  it('calls an implementation in a worker through async proxies', async () => {
    const ostx = await orWorkerFailure(connection.connectAsync('ostx', IOSTXAsyncProxy));
    await expect(orWorkerFailure(ostx.InitSync(0x10))).resolves.toBe(S_OK);

    const ppv = inOut<unknown>({ table: [1, 2, 3] });
    await expect(orWorkerFailure(ostx.SyncBeg(5, ppv))).resolves.toBe(S_FALSE);
    expect(ppv.value).toEqual({ state: 5, echo: { table: [1, 2, 3] } });

    const error = out<MAPIERROR | null>();
    await expect(orWorkerFailure(ostx.GetLastError(E_FAIL, 0, error))).resolves.toBe(S_OK);
    expect(error.value!.ulLowLevelError).toBe(worker.threadId);
    expect(error.value!.ulLowLevelError).not.toBe(threadId);
    expect(JSON.parse(error.value!.lpszError!)).toEqual([
      ['InitSync', 0x10],
      ['SyncBeg', 5, { table: [1, 2, 3] }],
    ]);

    await expect(orWorkerFailure(ostx.InitSync(0xdead))).resolves.toBe(MAPI_E_USER_CANCEL);
    await expect(orWorkerFailure(ostx.InitSync(0xbad))).resolves.toBe(E_FAIL);
    await expect(orWorkerFailure(ostx.Release())).resolves.toBe(0);
  });

  it('passes a callback interface to the worker, which calls it back during the call and later', async () => {
    const ostx = await orWorkerFailure(connection.connectAsync('ostx', IOSTXAsyncProxy));
    const progress = new Progress();
    progress.flags = 3;
    await expect(orWorkerFailure(ostx.SyncHdrEnd(progress))).resolves.toBe(S_OK);
    expect(progress.events).toEqual([[3, worker.threadId, 0]]);
    expect(connection.exportCount).toBe(1); // the worker AddRef'd and kept it

    await expect(orWorkerFailure(ostx.SetSyncResult(S_OK))).resolves.toBe(S_OK);
    expect(progress.events).toEqual([
      [3, worker.threadId, 0],
      [100, 100, 100],
    ]);
    expect(connection.exportCount).toBe(0); // and released it

    const error = out<MAPIERROR | null>();
    await orWorkerFailure(ostx.GetLastError(S_OK, 0, error));
    expect(JSON.parse(error.value!.lpszError!)).toEqual([
      ['SyncHdrEnd', true],
      ['SetSyncResult', S_OK],
    ]);
  });

  it('refuses a proxy whose layout differs from the worker’s', async () => {
    const refused: unknown = await orWorkerFailure(connection.connectAsync('ostx', IOSTXAsyncProxyV2)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ComError);
    expect((refused as ComError).hresult).toBe(E_NOINTERFACE);
    expect((refused as ComError).message).toMatch(/IOSTX.*ostx-2.*ostx-1/);
  });
});
