/*
 * IMAPISync as a store provider implements it (SPEC.md §2, MAPISIB): SynchronizeInBackground reports through
 * the IMAPISyncProgressCallback it gets by QueryInterface on MAPISIB.punkCallBack, on the calling thread or,
 * with SYNC_BACKGROUND in MAPISIB.ulFlags, on a thread of its own as the MAPISIB page describes (joined by
 * test_sync_join). Also C implementations of IMAPIProgress and IMAPISyncProgressCallback that TypeScript calls,
 * and the IMAPIProgress caller.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-objects.h"

void drive_progress(IMAPIProgress *p);

typedef struct
{
    IMAPISync iface;
    ObjectHead head;
} Sync;

static pthread_t worker;
static int worker_running;
static HANDLE done_event = (HANDLE)(ULONG_PTR)0x5eed;

static const WCHAR progress_text[] = { 'S','y','n','c','h','r','o','n','i','z','i','n','g',' ','I','n','b','o','x',0 };
static const WCHAR error_text[] = { 'T','h','e',' ','s','e','r','v','e','r',' ','i','s',' ','n','o','t',' ','a','v','a','i','l','a','b','l','e',0 };

/* What a provider tells Outlook while it synchronizes; every answer is logged. */
static void *report(void *arg)
{
    IMAPISyncProgressCallback *cb = arg;
    HRESULT hr;
    hr = IMAPISyncProgressCallback_Progress(cb, progress_text, 1, 3);
    log_line("  -> IMAPISyncProgressCallback[3] Progress(\"Synchronizing Inbox\", 1, 3) = 0x%08x", (unsigned)hr);
    hr = IMAPISyncProgressCallback_Progress(cb, NULL, 2, 3);
    log_line("  -> IMAPISyncProgressCallback[3] Progress(null, 2, 3) = 0x%08x", (unsigned)hr);
    hr = IMAPISyncProgressCallback_Error(cb, MAPI_E_NETWORK_ERROR, error_text);
    log_line("  -> IMAPISyncProgressCallback[4] Error(MAPI_E_NETWORK_ERROR, \"The server is not available\") = 0x%08x", (unsigned)hr);
    hr = IMAPISyncProgressCallback_Done(cb, done_event, S_OK);
    log_line("  -> IMAPISyncProgressCallback[5] Done(0x5eed, S_OK) = 0x%08x", (unsigned)hr);
    IMAPISyncProgressCallback_Release(cb);
    return NULL;
}

static HRESULT WINAPI Sync_QueryInterface(IMAPISync *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPISync))
    {
        *ppv = This;
        IMAPISync_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI Sync_AddRef(IMAPISync *This)
{
    return object_add_ref(&((Sync *)This)->head);
}

static ULONG WINAPI Sync_Release(IMAPISync *This)
{
    return object_release(This, &((Sync *)This)->head);
}

static HRESULT WINAPI Sync_SynchronizeInBackground(IMAPISync *This, PMAPISIB psibpb)
{
    IMAPISyncProgressCallback *cb = NULL;
    HRESULT hr;
    if (!psibpb) return E_INVALIDARG;
    log_line("IMAPISync[3] SynchronizeInBackground(ulSize=%u, ulFlags=0x%08x, psesSync=%s, punkCallBack=%s, phSyncDoneEvent=%s)",
             (unsigned)psibpb->ulSize, (unsigned)psibpb->ulFlags, psibpb->psesSync ? "set" : "null",
             psibpb->punkCallBack ? "set" : "null", psibpb->phSyncDoneEvent ? "set" : "null");
    if (psibpb->ulSize != sizeof(MAPISIB)) return E_INVALIDARG;
    if (!psibpb->punkCallBack) return E_INVALIDARG;
    hr = IUnknown_QueryInterface(psibpb->punkCallBack, &IID_IMAPISyncProgressCallback, (void **)&cb);
    log_line("  -> IUnknown[0] QueryInterface(IID_IMAPISyncProgressCallback) = 0x%08x", (unsigned)hr);
    if (FAILED(hr)) return hr;
    if (psibpb->phSyncDoneEvent) *psibpb->phSyncDoneEvent = done_event;
    if (psibpb->ulFlags & SYNC_BACKGROUND)
    {
        worker_running = 1;
        pthread_create(&worker, NULL, report, cb);
    }
    else report(cb);
    return S_OK;
}

static const IMAPISyncVtbl sync_vtbl = { Sync_QueryInterface, Sync_AddRef, Sync_Release, Sync_SynchronizeInBackground };

TEST_EXPORT HRESULT test_create_mapisync(IMAPISync **pp)
{
    Sync *o = calloc(1, sizeof(*o));
    o->iface.lpVtbl = (void *)&sync_vtbl;
    o->head.ref = 1;
    o->head.name = "IMAPISync";
    object_created();
    *pp = &o->iface;
    return S_OK;
}

/* Waits for the background synchronization's thread (call it so that the JavaScript thread stays free). */
TEST_EXPORT int test_sync_join(void)
{
    if (!worker_running) return 0;
    pthread_join(worker, NULL);
    worker_running = 0;
    return 1;
}

/* ---- IMAPIProgress in C, for TypeScript to call -------------------------------------------------------- */

typedef struct
{
    IMAPIProgress iface;
    ObjectHead head;
    ULONG min, max, flags;
} Progress;

static HRESULT WINAPI Progress_QueryInterface(IMAPIProgress *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPIProgress))
    {
        *ppv = This;
        IMAPIProgress_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI Progress_AddRef(IMAPIProgress *This)
{
    return object_add_ref(&((Progress *)This)->head);
}

static ULONG WINAPI Progress_Release(IMAPIProgress *This)
{
    return object_release(This, &((Progress *)This)->head);
}

static HRESULT WINAPI Progress_Progress(IMAPIProgress *This, ULONG ulValue, ULONG ulCount, ULONG ulTotal)
{
    log_line("IMAPIProgress[3] Progress(ulValue=%u, ulCount=%u, ulTotal=%u)", (unsigned)ulValue, (unsigned)ulCount, (unsigned)ulTotal);
    return S_OK;
}

static HRESULT WINAPI Progress_GetFlags(IMAPIProgress *This, ULONG *lpulFlags)
{
    log_line("IMAPIProgress[4] GetFlags()");
    *lpulFlags = ((Progress *)This)->flags;
    return S_OK;
}

static HRESULT WINAPI Progress_GetMax(IMAPIProgress *This, ULONG *lpulMax)
{
    log_line("IMAPIProgress[5] GetMax()");
    *lpulMax = ((Progress *)This)->max;
    return S_OK;
}

static HRESULT WINAPI Progress_GetMin(IMAPIProgress *This, ULONG *lpulMin)
{
    log_line("IMAPIProgress[6] GetMin()");
    *lpulMin = ((Progress *)This)->min;
    return S_OK;
}

static HRESULT WINAPI Progress_SetLimits(IMAPIProgress *This, LPULONG lpulMin, LPULONG lpulMax, LPULONG lpulFlags)
{
    Progress *o = (Progress *)This;
    char a[16], b[16], c[16];
    if (lpulMin) snprintf(a, sizeof(a), "%u", (unsigned)*lpulMin); else strcpy(a, "null");
    if (lpulMax) snprintf(b, sizeof(b), "%u", (unsigned)*lpulMax); else strcpy(b, "null");
    if (lpulFlags) snprintf(c, sizeof(c), "0x%x", (unsigned)*lpulFlags); else strcpy(c, "null");
    log_line("IMAPIProgress[7] SetLimits(lpulMin=%s, lpulMax=%s, lpulFlags=%s)", a, b, c);
    if (lpulMin) o->min = *lpulMin;
    if (lpulMax) o->max = *lpulMax;
    if (lpulFlags) o->flags = *lpulFlags;
    return S_OK;
}

static const IMAPIProgressVtbl progress_vtbl = {
    Progress_QueryInterface, Progress_AddRef, Progress_Release, Progress_Progress, Progress_GetFlags, Progress_GetMax,
    Progress_GetMin, Progress_SetLimits,
};

TEST_EXPORT HRESULT test_create_progress(IMAPIProgress **pp)
{
    Progress *o = calloc(1, sizeof(*o));
    o->iface.lpVtbl = (void *)&progress_vtbl;
    o->head.ref = 1;
    o->head.name = "IMAPIProgress";
    o->min = 1;
    o->max = 1000;
    o->flags = MAPI_TOP_LEVEL;
    object_created();
    *pp = &o->iface;
    return S_OK;
}

/* The IMAPIProgress caller: calls an IMAPIProgress (a TypeScript one, exported) and logs what it answered. */
TEST_EXPORT void test_drive_progress(IMAPIProgress *p)
{
    log_line("test_drive_progress()");
    drive_progress(p);
}

/* ---- IMAPISyncProgressCallback in C, for TypeScript to call ------------------------------------------- */

typedef struct
{
    IMAPISyncProgressCallback iface;
    ObjectHead head;
} Callback;

static HRESULT WINAPI Callback_QueryInterface(IMAPISyncProgressCallback *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMAPISyncProgressCallback))
    {
        *ppv = This;
        IMAPISyncProgressCallback_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI Callback_AddRef(IMAPISyncProgressCallback *This)
{
    return object_add_ref(&((Callback *)This)->head);
}

static ULONG WINAPI Callback_Release(IMAPISyncProgressCallback *This)
{
    return object_release(This, &((Callback *)This)->head);
}

static HRESULT WINAPI Callback_Progress(IMAPISyncProgressCallback *This, const WCHAR *pwcszProgress, ULONG ulIndex, ULONG ulIndexMax)
{
    char text[256];
    log_line("IMAPISyncProgressCallback[3] Progress(pwcszProgress=%s, ulIndex=%u, ulIndexMax=%u)", quote_w(pwcszProgress, text, sizeof(text)),
             (unsigned)ulIndex, (unsigned)ulIndexMax);
    return S_OK;
}

static HRESULT WINAPI Callback_Error(IMAPISyncProgressCallback *This, HRESULT hResult, const WCHAR *pwcszErrorStr)
{
    char text[256];
    log_line("IMAPISyncProgressCallback[4] Error(hResult=0x%08x, pwcszErrorStr=%s)", (unsigned)hResult, quote_w(pwcszErrorStr, text, sizeof(text)));
    return S_OK;
}

static HRESULT WINAPI Callback_Done(IMAPISyncProgressCallback *This, HANDLE hThreadDoneEvent, HRESULT hResult)
{
    log_line("IMAPISyncProgressCallback[5] Done(hThreadDoneEvent=%p, hResult=0x%08x)", hThreadDoneEvent, (unsigned)hResult);
    return S_OK;
}

static const IMAPISyncProgressCallbackVtbl callback_vtbl = {
    Callback_QueryInterface, Callback_AddRef, Callback_Release, Callback_Progress, Callback_Error, Callback_Done,
};

TEST_EXPORT HRESULT test_create_callback(IMAPISyncProgressCallback **pp)
{
    Callback *o = calloc(1, sizeof(*o));
    o->iface.lpVtbl = (void *)&callback_vtbl;
    o->head.ref = 1;
    o->head.name = "IMAPISyncProgressCallback";
    object_created();
    *pp = &o->iface;
    return S_OK;
}
