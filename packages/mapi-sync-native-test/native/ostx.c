/*
 * IOSTX and IPSTX as a wrapped PST store would provide them (SPEC.md §1, §5): a stack of replication states,
 * each with the structure SyncBeg hands out through ppv. The store owns those structures (calloc here, not a
 * COM allocator) and frees them at SyncEnd / SyncHdrEnd, after reading what the client set in them; those
 * reads are logged. Entering a child state writes into the parent's structure (UPHIER.iEnt), so a caller can
 * check that values the callee writes later are seen through its view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-objects.h"

#define MAX_DEPTH 16

typedef struct
{
    UINT state;
    void *data;
} State;

typedef struct
{
    IOSTX iface;
    ObjectHead head;
    int depth;
    State stack[MAX_DEPTH];
    HRESULT result;
} Ostx;

typedef struct
{
    IPSTX iface;
    ObjectHead head;
    IOSTX *ostx;
} Pstx;

static const WCHAR inbox_path[] = { '\\','\\','M','a','i','l','b','o','x','\\','I','n','b','o','x',0 };

static Ostx *impl(IOSTX *iface)
{
    return (Ostx *)iface;
}

static void fill_feid(FEID *feid, BYTE seed)
{
    int i;
    for (i = 0; i < 4; i++) feid->abFlags[i] = seed + i;
    for (i = 0; i < 16; i++) feid->muid.ab[i] = 0xa0 + i;
    feid->placeholder = 1;
    feid->ltid.guid = IID_IOSTX;
    for (i = 0; i < 6; i++) feid->ltid.globcnt[i] = seed * 16 + i;
    feid->ltid.wLevel = 2;
}

static void *new_structure(Ostx *o, UINT state)
{
    State *parent = o->depth ? &o->stack[o->depth - 1] : NULL;
    switch (state)
    {
    case LR_SYNC:
    {
        SYNC *s = calloc(1, sizeof(*s));
        ENTRYLIST *el = calloc(1, sizeof(*el));
        static BYTE first[] = { 1, 2, 3 }, second[] = { 4, 5 };
        el->cValues = 2;
        el->lpbin = calloc(2, sizeof(SBinary));
        el->lpbin[0].cb = sizeof(first);
        el->lpbin[0].lpb = first;
        el->lpbin[1].cb = sizeof(second);
        el->lpbin[1].lpb = second;
        s->pwzPath = (LPWSTR)inbox_path;
        fill_feid(&s->Reserved1, 1);
        s->pel = el;
        return s;
    }
    case LR_SYNC_UPLOAD_HIERARCHY:
    {
        UPHIER *s = calloc(1, sizeof(*s));
        s->cEnt = 3;
        return s;
    }
    case LR_SYNC_UPLOAD_FOLDER:
    {
        UPFLD *s = calloc(1, sizeof(*s));
        s->ulFlags = UPF_NEW | UPF_MOD_PROPS;
        fill_feid(&s->feid, 5);
        if (parent && parent->state == LR_SYNC_UPLOAD_HIERARCHY)
        {
            /* The store tells the client which folder of the hierarchy this is. */
            UPHIER *h = parent->data;
            h->iEnt++;
        }
        return s;
    }
    case LR_SYNC_CONTENTS:
    {
        SYNCCONT *s = calloc(1, sizeof(*s));
        s->cEnt = 2;
        return s;
    }
    case LR_SYNC_UPLOAD_TABLE:
    {
        UPTBL *s = calloc(1, sizeof(*s));
        s->pszName = (LPSTR)"Inbox";
        fill_feid(&s->feid, 9);
        s->rgte[0].cEntMod = 2;
        s->rgte[0].cEntRead = 1;
        s->rgte[1].cEntDel = 1;
        return s;
    }
    case LR_SYNC_UPLOAD_MESSAGE:
    {
        UPMSG *s = calloc(1, sizeof(*s));
        s->ulFlags = UPM_NEW;
        fill_feid(&s->feid, 13);
        return s;
    }
    case LR_SYNC_UPLOAD_MESSAGE_READ:
    {
        UPREAD *s = calloc(1, sizeof(*s));
        s->cEnt = 2;
        s->pupre = calloc(2, sizeof(UPREADE));
        s->pupre[0].ulFlags = UPR_READ;
        s->pupre[0].skey.guid = IID_IPSTX;
        s->pupre[0].skey.globcnt[5] = 1;
        s->pupre[1].skey.globcnt[5] = 2;
        return s;
    }
    case LR_SYNC_UPLOAD_MESSAGE_DEL:
    {
        UPDEL *s = calloc(1, sizeof(*s));
        s->cEnt = 1;
        s->pupde = calloc(1, sizeof(UPDELE));
        s->pupde[0].ulFlags = UPD_ASSOC;
        return s;
    }
    case LR_SYNC_DOWNLOAD_HIERARCHY:
    {
        DNHIER *s = calloc(1, sizeof(*s));
        s->cEntNew = 1;
        return s;
    }
    case LR_SYNC_DOWNLOAD_TABLE:
    {
        DNTBL *s = calloc(1, sizeof(*s));
        s->pszName = (LPSTR)"Inbox";
        s->ftLastMod.dwLowDateTime = 0x01234567;
        s->ftLastMod.dwHighDateTime = 0x01d00000;
        s->rgte[1].cEntNew = 4;
        return s;
    }
    }
    return NULL;
}

/* Whether `child` may be entered from `parent` (SPEC.md §5.3). */
static BOOL allowed(UINT parent, UINT child)
{
    switch (child)
    {
    case LR_SYNC: return parent == LR_SYNC_IDLE;
    case LR_SYNC_UPLOAD_HIERARCHY: case LR_SYNC_CONTENTS: case LR_SYNC_DOWNLOAD_HIERARCHY: return parent == LR_SYNC;
    case LR_SYNC_UPLOAD_FOLDER: return parent == LR_SYNC_UPLOAD_HIERARCHY || parent == LR_SYNC;
    case LR_SYNC_UPLOAD_TABLE: case LR_SYNC_DOWNLOAD_TABLE: return parent == LR_SYNC_CONTENTS;
    case LR_SYNC_UPLOAD_MESSAGE: case LR_SYNC_UPLOAD_MESSAGE_READ: case LR_SYNC_UPLOAD_MESSAGE_DEL: return parent == LR_SYNC_UPLOAD_TABLE;
    }
    return FALSE;
}

/* What the client set in a state's structure, as the store reads it at SyncEnd. */
static void log_client_fields(UINT state, void *data)
{
    switch (state)
    {
    case LR_SYNC: log_line("  SYNC.ulFlags=0x%08x", (unsigned)((SYNC *)data)->ulFlags); break;
    case LR_SYNC_UPLOAD_HIERARCHY: log_line("  UPHIER.ulFlags=0x%08x iEnt=%u", (unsigned)((UPHIER *)data)->ulFlags, ((UPHIER *)data)->iEnt); break;
    case LR_SYNC_UPLOAD_FOLDER: log_line("  UPFLD.ulFlags=0x%08x", (unsigned)((UPFLD *)data)->ulFlags); break;
    case LR_SYNC_CONTENTS: log_line("  SYNCCONT.ulFlags=0x%08x iEnt=%u", (unsigned)((SYNCCONT *)data)->ulFlags, ((SYNCCONT *)data)->iEnt); break;
    case LR_SYNC_UPLOAD_TABLE: log_line("  UPTBL.ulFlags=0x%08x iEnt=%u", (unsigned)((UPTBL *)data)->ulFlags, ((UPTBL *)data)->iEnt); break;
    case LR_SYNC_UPLOAD_MESSAGE:
    {
        UPMSG *m = data;
        log_line("  UPMSG.ulFlags=0x%08x pmsg=%s binChg.cb=%u", (unsigned)m->ulFlags, m->pmsg ? "set" : "null", (unsigned)m->binChg.cb);
        break;
    }
    case LR_SYNC_UPLOAD_MESSAGE_READ:
    {
        UPREAD *r = data;
        log_line("  UPREAD.pupre[0].ulFlags=0x%08x pupre[1].ulFlags=0x%08x", (unsigned)r->pupre[0].ulFlags, (unsigned)r->pupre[1].ulFlags);
        break;
    }
    case LR_SYNC_UPLOAD_MESSAGE_DEL: log_line("  UPDEL.pupde[0].ulFlags=0x%08x", (unsigned)((UPDEL *)data)->pupde[0].ulFlags); break;
    case LR_SYNC_DOWNLOAD_HIERARCHY: log_line("  DNHIER.ulFlags=0x%08x", (unsigned)((DNHIER *)data)->ulFlags); break;
    case LR_SYNC_DOWNLOAD_TABLE: log_line("  DNTBL.ulFlags=0x%08x", (unsigned)((DNTBL *)data)->ulFlags); break;
    }
}

static void free_structure(UINT state, void *data)
{
    switch (state)
    {
    case LR_SYNC: free(((SYNC *)data)->pel->lpbin); free(((SYNC *)data)->pel); break;
    case LR_SYNC_UPLOAD_MESSAGE_READ: free(((UPREAD *)data)->pupre); break;
    case LR_SYNC_UPLOAD_MESSAGE_DEL: free(((UPDEL *)data)->pupde); break;
    case LR_SYNC_DOWNLOAD_HEADER:
    {
        HDRSYNC *h = data;
        if (h->pmsgFull) IUnknown_Release((IUnknown *)h->pmsgFull);
        free(h->pupmsg);
        break;
    }
    }
    free(data);
}

static HRESULT WINAPI Ostx_QueryInterface(IOSTX *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IOSTX))
    {
        *ppv = This;
        IOSTX_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI Ostx_AddRef(IOSTX *This)
{
    return object_add_ref(&impl(This)->head);
}

static ULONG WINAPI Ostx_Release(IOSTX *This)
{
    Ostx *o = impl(This);
    if (o->head.ref == 1)
        while (o->depth > 0) { o->depth--; free_structure(o->stack[o->depth].state, o->stack[o->depth].data); }
    return object_release(o, &o->head);
}

/* A MAPIERROR as MAPI hands it out: one MAPIAllocateBuffer block, its strings linked with MAPIAllocateMore. */
static HRESULT last_error(const char *who, int slot, HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError)
{
    MAPIERROR *e;
    char text[64];
    log_line("%s[%d] GetLastError(hResult=0x%08x, ulFlags=%u)", who, slot, (unsigned)hResult, (unsigned)ulFlags);
    if (ulFlags != 0) return MAPI_E_UNKNOWN_FLAGS;
    MAPIAllocateBuffer(sizeof(*e), (void **)&e);
    snprintf(text, sizeof(text), "Synchronization failed (0x%08x)", (unsigned)hResult);
    MAPIAllocateMore(strlen(text) + 1, e, (void **)&e->lpszError);
    strcpy(e->lpszError, text);
    MAPIAllocateMore(sizeof("ostx.c"), e, (void **)&e->lpszComponent);
    strcpy(e->lpszComponent, "ostx.c");
    e->ulVersion = MAPI_ERROR_VERSION;
    e->ulLowLevelError = 42;
    e->ulContext = 7;
    *lppMAPIError = e;
    return S_OK;
}

static HRESULT WINAPI Ostx_GetLastError(IOSTX *This, HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError)
{
    return last_error("IOSTX", 3, hResult, ulFlags, lppMAPIError);
}

static HRESULT WINAPI Ostx_InitSync(IOSTX *This, ULONG ulFlags)
{
    log_line("IOSTX[4] InitSync(ulFlags=0x%08x)", (unsigned)ulFlags);
    return S_OK;
}

static HRESULT WINAPI Ostx_SyncBeg(IOSTX *This, UINT uiSync, LPVOID *ppv)
{
    Ostx *o = impl(This);
    UINT current = o->depth ? o->stack[o->depth - 1].state : LR_SYNC_IDLE;
    void *data;
    log_line("IOSTX[5] SyncBeg(uiSync=%u, *ppv=%s)", uiSync, ppv && *ppv ? "set" : "null");
    if (!ppv) return E_POINTER;
    if (!allowed(current, uiSync) || o->depth == MAX_DEPTH)
    {
        log_line("  refused: state %u is not entered from state %u", uiSync, current);
        return E_UNEXPECTED;
    }
    data = new_structure(o, uiSync);
    o->stack[o->depth].state = uiSync;
    o->stack[o->depth].data = data;
    o->depth++;
    o->result = S_FALSE;
    *ppv = data;
    return S_OK;
}

static HRESULT WINAPI Ostx_SyncEnd(IOSTX *This)
{
    Ostx *o = impl(This);
    State s;
    if (!o->depth)
    {
        log_line("IOSTX[6] SyncEnd() with no state");
        return E_UNEXPECTED;
    }
    s = o->stack[--o->depth];
    log_line("IOSTX[6] SyncEnd() state=%u result=0x%08x", s.state, (unsigned)o->result);
    log_client_fields(s.state, s.data);
    free_structure(s.state, s.data);
    return S_OK;
}

static HRESULT WINAPI Ostx_SyncHdrBeg(IOSTX *This, ULONG cbeid, LPENTRYID lpeid, LPVOID *ppv)
{
    Ostx *o = impl(This);
    char bytes[256];
    size_t k = 0;
    ULONG i;
    HDRSYNC *h;
    for (i = 0; lpeid && i < cbeid && k + 3 < sizeof(bytes); i++) k += snprintf(bytes + k, sizeof(bytes) - k, "%02x", ((BYTE *)lpeid)[i]);
    bytes[k] = 0;
    log_line("IOSTX[7] SyncHdrBeg(cbeid=%u, lpeid=%s)", (unsigned)cbeid, lpeid ? bytes : "null");
    if (!ppv) return E_POINTER;
    if (o->depth)
    {
        log_line("  refused: the header state is entered from idle");
        return E_UNEXPECTED;
    }
    h = calloc(1, sizeof(*h));
    h->pupmsg = calloc(1, sizeof(UPMSG));
    h->pupmsg->ulFlags = UPM_HEADER;
    fill_feid(&h->pupmsg->feid, 3);
    fill_feid(&h->feidPar, 7);
    o->stack[0].state = LR_SYNC_DOWNLOAD_HEADER;
    o->stack[0].data = h;
    o->depth = 1;
    *ppv = h;
    return S_OK;
}

/* Calls every method of an IMAPIProgress and logs what it answered (the IMAPIProgress caller). */
void drive_progress(IMAPIProgress *p)
{
    ULONG min = 1, max = 100, flags = MAPI_TOP_LEVEL, value = 0;
    HRESULT hr;
    hr = IMAPIProgress_SetLimits(p, &min, &max, &flags);
    log_line("  -> IMAPIProgress[7] SetLimits(1, 100, MAPI_TOP_LEVEL) = 0x%08x", (unsigned)hr);
    hr = IMAPIProgress_Progress(p, 50, 1, 2);
    log_line("  -> IMAPIProgress[3] Progress(50, 1, 2) = 0x%08x", (unsigned)hr);
    hr = IMAPIProgress_GetFlags(p, &value);
    log_line("  -> IMAPIProgress[4] GetFlags = 0x%08x, %u", (unsigned)hr, (unsigned)value);
    hr = IMAPIProgress_GetMin(p, &value);
    log_line("  -> IMAPIProgress[6] GetMin = 0x%08x, %u", (unsigned)hr, (unsigned)value);
    hr = IMAPIProgress_GetMax(p, &value);
    log_line("  -> IMAPIProgress[5] GetMax = 0x%08x, %u", (unsigned)hr, (unsigned)value);
    hr = IMAPIProgress_SetLimits(p, NULL, NULL, NULL);
    log_line("  -> IMAPIProgress[7] SetLimits(null, null, null) = 0x%08x", (unsigned)hr);
}

static HRESULT WINAPI Ostx_SyncHdrEnd(IOSTX *This, LPMAPIPROGRESS pprog)
{
    Ostx *o = impl(This);
    HDRSYNC *h;
    if (!o->depth || o->stack[0].state != LR_SYNC_DOWNLOAD_HEADER)
    {
        log_line("IOSTX[8] SyncHdrEnd() outside the header state");
        return E_UNEXPECTED;
    }
    h = o->stack[0].data;
    log_line("IOSTX[8] SyncHdrEnd(pprog=%s) HDRSYNC.ulFlags=0x%08x pmsgFull=%s", pprog ? "set" : "null", (unsigned)h->ulFlags, h->pmsgFull ? "set" : "null");
    if (pprog) drive_progress(pprog);
    o->depth = 0;
    free_structure(LR_SYNC_DOWNLOAD_HEADER, h);
    return S_OK;
}

static HRESULT WINAPI Ostx_SetSyncResult(IOSTX *This, HRESULT hrSync)
{
    log_line("IOSTX[9] SetSyncResult(hrSync=0x%08x)", (unsigned)hrSync);
    impl(This)->result = hrSync;
    return S_OK;
}

static HRESULT WINAPI Ostx_Placeholder10(IOSTX *This)
{
    log_line("IOSTX[10] Placeholder10() was called");
    return E_NOTIMPL;
}

static const IOSTXVtbl ostx_vtbl = {
    Ostx_QueryInterface, Ostx_AddRef, Ostx_Release, Ostx_GetLastError, Ostx_InitSync, Ostx_SyncBeg, Ostx_SyncEnd,
    Ostx_SyncHdrBeg, Ostx_SyncHdrEnd, Ostx_SetSyncResult, Ostx_Placeholder10,
};

IOSTX *create_ostx(void)
{
    Ostx *o = calloc(1, sizeof(*o));
    o->iface.lpVtbl = (void *)&ostx_vtbl;
    o->head.ref = 1;
    o->head.name = "IOSTX";
    object_created();
    return &o->iface;
}

TEST_EXPORT HRESULT test_create_ostx(IOSTX **pp)
{
    *pp = create_ostx();
    return S_OK;
}

/* ---- IPSTX -------------------------------------------------------------------------------------------- */

static HRESULT WINAPI Pstx_QueryInterface(IPSTX *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IPSTX))
    {
        *ppv = This;
        IPSTX_AddRef(This);
        log_line("IPSTX[0] QueryInterface(IID_IPSTX or IID_IUnknown) = S_OK");
        return S_OK;
    }
    *ppv = NULL;
    log_line("IPSTX[0] QueryInterface(another IID) = E_NOINTERFACE");
    return E_NOINTERFACE;
}

static ULONG WINAPI Pstx_AddRef(IPSTX *This)
{
    return object_add_ref(&((Pstx *)This)->head);
}

static ULONG WINAPI Pstx_Release(IPSTX *This)
{
    Pstx *o = (Pstx *)This;
    if (o->head.ref == 1 && o->ostx) IOSTX_Release(o->ostx);
    return object_release(o, &o->head);
}

static HRESULT WINAPI Pstx_GetLastError(IPSTX *This, HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError)
{
    return last_error("IPSTX", 3, hResult, ulFlags, lppMAPIError);
}

static HRESULT WINAPI Pstx_GetSyncObject(IPSTX *This, IOSTX **ppostx)
{
    Pstx *o = (Pstx *)This;
    log_line("IPSTX[4] GetSyncObject()");
    if (!o->ostx) o->ostx = create_ostx();
    IOSTX_AddRef(o->ostx);
    *ppostx = o->ostx;
    return S_OK;
}

static HRESULT WINAPI Pstx_EmulateSpooler(IPSTX *This, BOOL fEmulate)
{
    log_line("IPSTX[9] EmulateSpooler(fEmulate=%d)", (int)fEmulate);
    return S_OK;
}

#define PLACEHOLDER(n) \
    static HRESULT WINAPI Pstx_Placeholder##n(IPSTX *This) { log_line("IPSTX[" #n "] Placeholder" #n "() was called"); return E_NOTIMPL; }
PLACEHOLDER(5) PLACEHOLDER(6) PLACEHOLDER(7) PLACEHOLDER(8) PLACEHOLDER(10) PLACEHOLDER(11) PLACEHOLDER(12) PLACEHOLDER(13) PLACEHOLDER(14)

static const IPSTXVtbl pstx_vtbl = {
    Pstx_QueryInterface, Pstx_AddRef, Pstx_Release, Pstx_GetLastError, Pstx_GetSyncObject,
    Pstx_Placeholder5, Pstx_Placeholder6, Pstx_Placeholder7, Pstx_Placeholder8, Pstx_EmulateSpooler,
    Pstx_Placeholder10, Pstx_Placeholder11, Pstx_Placeholder12, Pstx_Placeholder13, Pstx_Placeholder14,
};

TEST_EXPORT HRESULT test_create_pstx(IPSTX **pp)
{
    Pstx *o = calloc(1, sizeof(*o));
    o->iface.lpVtbl = (void *)&pstx_vtbl;
    o->head.ref = 1;
    o->head.name = "IPSTX";
    object_created();
    *pp = &o->iface;
    return S_OK;
}
