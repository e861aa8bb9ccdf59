/* IMarshalTest (idl/marshal-test/marshal-test.idl): the parameter kinds the replication interfaces lack, logged and allocated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-objects.h"

typedef struct
{
    IMarshalTest iface;
    ObjectHead head;
    PACKED2 packed;
} MarshalTest;

static const WCHAR name[] = { 'P','o','s','t','e','i','n','g','a','n','g',' ',0xe4,0xf6,0xfc,' ',0xd83d,0xdce8,0 };

static const char *guid_text(const GUID *g, char *buffer, size_t size)
{
    if (!g) return "null";
    snprintf(buffer, size, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", (unsigned)g->Data1, g->Data2, g->Data3,
             g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
    return buffer;
}

static const char *bytes_text(const BYTE *p, ULONG n, char *buffer, size_t size)
{
    size_t k = 0;
    ULONG i;
    if (!p) return "null";
    for (i = 0; i < n && k + 3 < size; i++) k += snprintf(buffer + k, size - k, "%02x", p[i]);
    buffer[k] = 0;
    return buffer;
}

static HRESULT WINAPI QueryInterface(IMarshalTest *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IMarshalTest))
    {
        *ppv = This;
        IMarshalTest_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI AddRef(IMarshalTest *This)
{
    return object_add_ref(&((MarshalTest *)This)->head);
}

static ULONG WINAPI Release(IMarshalTest *This)
{
    return object_release(This, &((MarshalTest *)This)->head);
}

static HRESULT WINAPI GetName(IMarshalTest *This, LPWSTR *ppwszName)
{
    log_line("IMarshalTest[3] GetName()");
    *ppwszName = CoTaskMemAlloc(sizeof(name));
    memcpy(*ppwszName, name, sizeof(name));
    return S_OK;
}

static HRESULT WINAPI Echo(IMarshalTest *This, BSTR bstrIn, BSTR *pbstrOut)
{
    char text[256];
    UINT n = SysStringLen(bstrIn);
    BSTR out;
    log_line("IMarshalTest[4] Echo(bstrIn=%s, SysStringLen=%u)", quote_w(bstrIn, text, sizeof(text)), n);
    out = SysAllocStringLen(NULL, n + 1);
    if (n) memcpy(out, bstrIn, n * sizeof(OLECHAR));
    out[n] = '!';
    *pbstrOut = out;
    return S_OK;
}

static HRESULT WINAPI GetGuid(IMarshalTest *This, REFIID riid, GUID *pguid)
{
    char text[64];
    log_line("IMarshalTest[5] GetGuid(riid=%s)", guid_text(riid, text, sizeof(text)));
    *pguid = IID_IMarshalTest;
    return S_OK;
}

static HRESULT WINAPI Sum(IMarshalTest *This, ULONG c, const LONG *values, LONGLONG *ptotal)
{
    char text[256];
    size_t k = 0;
    ULONG i;
    LONGLONG total = 0;
    text[0] = 0;
    for (i = 0; i < c && values; i++)
    {
        k += snprintf(text + k, sizeof(text) - k, i ? ",%d" : "%d", (int)values[i]);
        total += values[i];
    }
    log_line("IMarshalTest[6] Sum(c=%u, values=[%s])", (unsigned)c, values ? text : "null");
    *ptotal = total * 1000000000LL;
    return S_OK;
}

static HRESULT WINAPI Fill(IMarshalTest *This, ULONG c, BYTE *pb)
{
    ULONG i;
    log_line("IMarshalTest[7] Fill(c=%u)", (unsigned)c);
    for (i = 0; i < c; i++) pb[i] = (BYTE)(i * 3);
    return S_OK;
}

static HRESULT WINAPI PutRecord(IMarshalTest *This, const RECORD *prec)
{
    char name_text[256], id_text[64], bytes[256];
    if (!prec)
    {
        log_line("IMarshalTest[8] PutRecord(null)");
        return S_OK;
    }
    log_line("IMarshalTest[8] PutRecord(pwszName=%s, id=%s, cb=%u, pb=%s)", quote_w(prec->pwszName, name_text, sizeof(name_text)),
             guid_text(&prec->id, id_text, sizeof(id_text)), (unsigned)prec->cb, bytes_text(prec->pb, prec->cb, bytes, sizeof(bytes)));
    return S_OK;
}

static HRESULT WINAPI GetRecord(IMarshalTest *This, RECORD **pprec)
{
    /* As COM marshals it: the structure and every block it points to allocated on its own. */
    RECORD *r = CoTaskMemAlloc(sizeof(*r));
    static const BYTE data[] = { 0xde, 0xad, 0xbe, 0xef };
    log_line("IMarshalTest[9] GetRecord()");
    r->pwszName = CoTaskMemAlloc(sizeof(name));
    memcpy(r->pwszName, name, sizeof(name));
    r->id = IID_IMarshalTest;
    r->cb = sizeof(data);
    r->pb = CoTaskMemAlloc(sizeof(data));
    memcpy(r->pb, data, sizeof(data));
    *pprec = r;
    return S_OK;
}

static HRESULT WINAPI PutPacked(IMarshalTest *This, const PACKED2 *pp)
{
    log_line("IMarshalTest[10] PutPacked(b=%u, u=0x%08x, ll=%lld) sizeof=%u offsets=%u,%u,%u", pp->b, (unsigned)pp->u, (long long)pp->ll,
             (unsigned)sizeof(PACKED2), (unsigned)offsetof(PACKED2, b), (unsigned)offsetof(PACKED2, u), (unsigned)offsetof(PACKED2, ll));
    ((MarshalTest *)This)->packed = *pp;
    return S_OK;
}

static HRESULT WINAPI GetPacked(IMarshalTest *This, PACKED2 *pp)
{
    PACKED2 p = ((MarshalTest *)This)->packed;
    log_line("IMarshalTest[11] GetPacked()");
    p.b += 1;
    p.u *= 2;
    p.ll = -p.ll;
    *pp = p;
    return S_OK;
}

static const IMarshalTestVtbl vtbl = {
    QueryInterface, AddRef, Release, GetName, Echo, GetGuid, Sum, Fill, PutRecord, GetRecord, PutPacked, GetPacked,
};

TEST_EXPORT HRESULT test_create_marshal(IMarshalTest **pp)
{
    MarshalTest *o = calloc(1, sizeof(*o));
    o->iface.lpVtbl = (void *)&vtbl;
    o->head.ref = 1;
    o->head.name = "IMarshalTest";
    object_created();
    *pp = &o->iface;
    return S_OK;
}
