/**
 * Recording fakes: IMAPIProgress from a recorder description (SetLimits stores, GetMin/GetMax/GetFlags
 * answer) and IMAPISyncProgressCallback without a description (every call recorded, S_OK).
 */
import { E_FAIL, E_NOTIMPL, S_OK, out, type ProtocolDescription } from '../src/index.js';
import { ProtocolFake } from '../src/mocks.js';
import {
  IMAPIProgressFake,
  IMAPISyncProgressCallbackFake,
  MAPI_TOP_LEVEL,
  structs,
  vtables,
  type IMAPIProgress,
  type IOSTX,
} from './mapi-sync-doubles.js';

/** What a provider does with the progress object it is given: set limits, then report against them. */
function reportProgress(progress: IMAPIProgress, done: number, total: number): void {
  const flags = out<number>();
  progress.GetFlags(flags);
  const min = 0;
  progress.SetLimits(min, total, flags.value ?? 0);
  const max = out<number>();
  progress.GetMax(max);
  progress.Progress(Math.round(((max.value ?? 0) * done) / total), done, total);
}

describe('IMAPIProgress recorder', () => {
  it('starts from the description\'s properties', () => {
    const progress = new IMAPIProgressFake();
    const [min, max, flags] = [out<number>(), out<number>(), out<number>()];
    expect(progress.GetMin(min)).toBe(S_OK);
    expect(progress.GetMax(max)).toBe(S_OK);
    expect(progress.GetFlags(flags)).toBe(S_OK);
    expect([min.value, max.value, flags.value]).toEqual([1, 1000, MAPI_TOP_LEVEL]);
    expect(progress.properties).toEqual({ min: 1, max: 1000, flags: MAPI_TOP_LEVEL });
  });

  it('stores SetLimits values, leaves a property alone for a null pointer, and answers the getters from them', () => {
    const progress = new IMAPIProgressFake();
    expect(progress.SetLimits(10, 20, null)).toBe(S_OK);
    expect(progress.properties).toEqual({ min: 10, max: 20, flags: MAPI_TOP_LEVEL });
    const min = out<number>();
    progress.GetMin(min);
    expect(min.value).toBe(10);
    progress.SetLimits(null, null, 0);
    expect(progress.properties).toEqual({ min: 10, max: 20, flags: 0 });
  });

  it('records every call in order with its in values by parameter name', () => {
    const progress = new IMAPIProgressFake();
    reportProgress(progress, 3, 4);
    expect(progress.events).toEqual([
      { method: 'GetFlags', args: {} },
      { method: 'SetLimits', args: { lpulMin: 0, lpulMax: 4, lpulFlags: MAPI_TOP_LEVEL } },
      { method: 'GetMax', args: {} },
      { method: 'Progress', args: { ulValue: 3, ulCount: 3, ulTotal: 4 } },
    ]);
    expect(progress.Progress).toHaveBeenCalledWith(3, 3, 4);
    expect(progress.state).toBe('');
    expect(progress.violations).toEqual([]);
  });

  it('gives each fake its own copy of the properties', () => {
    const a = new IMAPIProgressFake();
    const b = new IMAPIProgressFake();
    a.SetLimits(5, 6, 7);
    expect(b.properties).toEqual({ min: 1, max: 1000, flags: MAPI_TOP_LEVEL });
  });

  it('keeps IUnknown calls out of the events, but in the calls', () => {
    const progress = new IMAPIProgressFake();
    expect(progress.AddRef()).toBe(2);
    progress.Progress(1, 1, 1);
    expect(progress.events.map((e) => e.method)).toEqual(['Progress']);
    expect(progress.calls.map((c) => c.method)).toEqual(['AddRef', 'Progress']);
  });
});

describe('IMAPISyncProgressCallback without a description', () => {
  it('records every call and answers S_OK', () => {
    const callback = new IMAPISyncProgressCallbackFake();
    expect(callback.Progress('Uploading', 1, 10)).toBe(S_OK);
    expect(callback.Error(E_FAIL, 'Folder not found')).toBe(S_OK);
    expect(callback.Progress(null, 10, 10)).toBe(S_OK);
    expect(callback.Done(null, S_OK)).toBe(S_OK);
    expect(callback.events).toEqual([
      { method: 'Progress', args: { pwcszProgress: 'Uploading', ulIndex: 1, ulIndexMax: 10 } },
      { method: 'Error', args: { hResult: E_FAIL, pwcszErrorStr: 'Folder not found' } },
      { method: 'Progress', args: { pwcszProgress: null, ulIndex: 10, ulIndexMax: 10 } },
      { method: 'Done', args: { hThreadDoneEvent: null, hResult: S_OK } },
    ]);
    expect(callback.Done).toHaveBeenCalledTimes(1);
    expect(callback.description).toBeUndefined();
    expect(() => callback.assertIdle()).not.toThrow();
  });

  it('records an [in, out] value as passed, and leaves [out] values alone', () => {
    const ostx = new ProtocolFake<IOSTX>(vtables.IOSTX, { vtables, structs }) as ProtocolFake<IOSTX> & IOSTX;
    const error = out<never>();
    expect(ostx.GetLastError(E_FAIL, 0, error)).toBe(S_OK);
    expect(error.value).toBeUndefined();
    expect(ostx.SyncBeg(1, { value: 'in' })).toBe(S_OK);
    expect(ostx.Placeholder10()).toBe(E_NOTIMPL);
    expect(ostx.events).toEqual([
      { method: 'GetLastError', args: { hResult: E_FAIL, ulFlags: 0 } },
      { method: 'SyncBeg', args: { uiSync: 1, ppv: 'in' } },
      { method: 'Placeholder10', args: {} },
    ]);
  });

  it('a recorder description for another interface is refused', () => {
    const wrong: ProtocolDescription = { kind: 'recorder', interface: 'IMAPIProgress' };
    expect(() => new ProtocolFake(vtables.IMAPISyncProgressCallback, { vtables, structs }, wrong)).toThrow(
      'invalid protocol description for IMAPISyncProgressCallback:\ninterface: the description is for "IMAPIProgress", the layout is IMAPISyncProgressCallback',
    );
  });
});
