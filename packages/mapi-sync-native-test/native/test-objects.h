/*
 * Native test objects for comidl's native bindings: COM objects written in C against the header widl
 * generates from idl/mapi-sync and idl/marshal-test, with Wine's headers for the Windows data model.
 * They log every call they get (slot, method, arguments) and count every allocation of the COM allocators
 * they export, so that tests in TypeScript can check what crossed, slot by slot, and that every block is
 * freed exactly once.
 */
#ifndef COMIDL_TEST_OBJECTS_H
#define COMIDL_TEST_OBJECTS_H

#define COBJMACROS
/*
 * Wine's windef.h makes __stdcall (and with it WINAPI and STDMETHODCALLTYPE) the Windows x64 convention,
 * __attribute__((ms_abi)), whatever -D__stdcall= said: Wine's code runs Windows binaries. These objects are
 * called by koffi with the platform's convention, as a COM object on this platform would be, so __stdcall is
 * made empty once windef.h has set it, before the COM headers use it.
 */
#include <windef.h>
#undef __stdcall
#define __stdcall
#undef __cdecl
#define __cdecl
#include "mapi-sync.h"
#include "marshal-test.h"

#define TEST_EXPORT __attribute__((visibility("default")))

/* MAPI's codes (mapicode.h) and allocators (mapix.h), which the replication IDL does not declare. */
#ifndef MAPI_E_NETWORK_ERROR
#define MAPI_E_NETWORK_ERROR ((HRESULT)0x80040115)
#endif
#ifndef MAPI_E_UNKNOWN_FLAGS
#define MAPI_E_UNKNOWN_FLAGS ((HRESULT)0x80040106)
#endif
SCODE WINAPI MAPIAllocateBuffer(ULONG size, LPVOID *out);
SCODE WINAPI MAPIAllocateMore(ULONG size, LPVOID parent, LPVOID *out);
ULONG WINAPI MAPIFreeBuffer(LPVOID p);

/* The call log: one line per call ("IOSTX[5] SyncBeg(uiSync=1)"), readable from JavaScript. */
void log_line(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* A UTF-16 string as UTF-8 for the log ("null" for NULL, quoted otherwise). */
const char *quote_w(const WCHAR *text, char *buffer, size_t size);

/* Allocation kinds counted by the allocators. */
enum { ALLOC_COTASK, ALLOC_BSTR, ALLOC_MAPI, ALLOC_KINDS };

/* Reference counting shared by every object: a header each object starts with after its vtable pointer. */
typedef struct
{
    LONG ref;
    const char *name;
} ObjectHead;

ULONG object_add_ref(ObjectHead *head);
/* Returns the count; frees the object (with free) and counts it dead when it reaches 0. */
ULONG object_release(void *object, ObjectHead *head);
void object_created(void);

/* Factories of the objects in ostx.c and mapisync.c. */
IOSTX *create_ostx(void);

#endif
