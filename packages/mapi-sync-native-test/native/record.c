/*
 * The call log, the object count and the counting COM allocators of the test objects. The allocators keep
 * every live block in a table, so that a free of anything else (a double free, a block of another allocator,
 * a MAPI block freed on its own instead of with its parent) is counted as a bad free, with a message.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-objects.h"

#define MAX_LINES 4096
#define LINE_SIZE 512
#define MAX_BLOCKS 65536
#define MAX_BAD 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char lines[MAX_LINES][LINE_SIZE];
static int line_count;
static int live_objects;
static int logging = 1;

typedef struct
{
    void *user;       /* what the allocator returned */
    void *raw;        /* what malloc returned */
    int kind;
    void *parent;     /* MAPIAllocateMore: the buffer it is freed with */
} Block;

static Block blocks[MAX_BLOCKS];
static int block_count;
static int allocated[ALLOC_KINDS], freed[ALLOC_KINDS];
static char bad[MAX_BAD][LINE_SIZE];
static int bad_count;

void log_line(const char *format, ...)
{
    va_list args;
    if (!logging) return;
    pthread_mutex_lock(&lock);
    if (line_count < MAX_LINES)
    {
        va_start(args, format);
        vsnprintf(lines[line_count++], LINE_SIZE, format, args);
        va_end(args);
    }
    pthread_mutex_unlock(&lock);
}

const char *quote_w(const WCHAR *text, char *buffer, size_t size)
{
    size_t n = 0;
    if (!text) return "null";
    buffer[n++] = '"';
    for (; *text && n + 5 < size; text++)
    {
        unsigned c = *text;
        if (c >= 0xd800 && c < 0xdc00 && text[1] >= 0xdc00 && text[1] < 0xe000)
            c = 0x10000 + ((c - 0xd800) << 10) + (*++text - 0xdc00);
        if (c < 0x80) buffer[n++] = (char)c;
        else if (c < 0x800) { buffer[n++] = 0xc0 | (c >> 6); buffer[n++] = 0x80 | (c & 0x3f); }
        else if (c < 0x10000) { buffer[n++] = 0xe0 | (c >> 12); buffer[n++] = 0x80 | ((c >> 6) & 0x3f); buffer[n++] = 0x80 | (c & 0x3f); }
        else { buffer[n++] = 0xf0 | (c >> 18); buffer[n++] = 0x80 | ((c >> 12) & 0x3f); buffer[n++] = 0x80 | ((c >> 6) & 0x3f); buffer[n++] = 0x80 | (c & 0x3f); }
    }
    buffer[n++] = '"';
    buffer[n] = 0;
    return buffer;
}

TEST_EXPORT int test_log_count(void)
{
    return line_count;
}

TEST_EXPORT const char *test_log_line(int i)
{
    return i >= 0 && i < line_count ? lines[i] : NULL;
}

/* Turns the log off (benchmarks time the calls, not the logging) or on. */
TEST_EXPORT void test_log_enable(int on)
{
    logging = on;
}

TEST_EXPORT void test_log_clear(void)
{
    pthread_mutex_lock(&lock);
    line_count = 0;
    pthread_mutex_unlock(&lock);
}

void object_created(void)
{
    __atomic_add_fetch(&live_objects, 1, __ATOMIC_SEQ_CST);
}

ULONG object_add_ref(ObjectHead *head)
{
    return __atomic_add_fetch(&head->ref, 1, __ATOMIC_SEQ_CST);
}

ULONG object_release(void *object, ObjectHead *head)
{
    LONG n = __atomic_sub_fetch(&head->ref, 1, __ATOMIC_SEQ_CST);
    if (n == 0)
    {
        __atomic_sub_fetch(&live_objects, 1, __ATOMIC_SEQ_CST);
        free(object);
    }
    return n < 0 ? 0 : (ULONG)n;
}

/* How many test objects are alive. */
TEST_EXPORT int test_live_objects(void)
{
    return live_objects;
}

/* The reference count of any COM object: AddRef, then Release, which returns the count before the AddRef. */
TEST_EXPORT ULONG test_refcount(IUnknown *unknown)
{
    IUnknown_AddRef(unknown);
    return IUnknown_Release(unknown);
}

/* ---- counting allocators ------------------------------------------------------------------------------ */

static void *take(int kind, size_t size, size_t prefix, void *parent)
{
    void *raw;
    if (block_count >= MAX_BLOCKS) return NULL;
    raw = calloc(1, size + prefix + 2);
    if (!raw) return NULL;
    pthread_mutex_lock(&lock);
    blocks[block_count].raw = raw;
    blocks[block_count].user = (char *)raw + prefix;
    blocks[block_count].kind = kind;
    blocks[block_count].parent = parent;
    block_count++;
    allocated[kind]++;
    pthread_mutex_unlock(&lock);
    return (char *)raw + prefix;
}

static void complain(const char *what, void *p, const char *why)
{
    if (bad_count < MAX_BAD) snprintf(bad[bad_count], LINE_SIZE, "%s(%p): %s", what, p, why);
    bad_count++;
}

/* Frees block i (the lock held). */
static void give(int i)
{
    freed[blocks[i].kind]++;
    free(blocks[i].raw);
    blocks[i] = blocks[--block_count];
}

static void release_block(const char *what, int kind, void *p)
{
    int i;
    if (!p) return;
    pthread_mutex_lock(&lock);
    for (i = 0; i < block_count; i++) if (blocks[i].user == p) break;
    if (i == block_count) complain(what, p, "not a live block (freed twice, or never allocated here)");
    else if (blocks[i].kind != kind) complain(what, p, "a block of another allocator");
    else if (blocks[i].parent) complain(what, p, "a MAPIAllocateMore block, freed with its parent");
    else
    {
        if (kind == ALLOC_MAPI)
        {
            int j;
            for (j = 0; j < block_count; )
                if (blocks[j].parent == p) give(j); else j++;
            for (i = 0; i < block_count; i++) if (blocks[i].user == p) break;
        }
        give(i);
    }
    pthread_mutex_unlock(&lock);
}

LPVOID WINAPI CoTaskMemAlloc(SIZE_T size)
{
    return take(ALLOC_COTASK, size, 0, NULL);
}

void WINAPI CoTaskMemFree(LPVOID p)
{
    release_block("CoTaskMemFree", ALLOC_COTASK, p);
}

BSTR WINAPI SysAllocStringLen(const OLECHAR *text, UINT length)
{
    /* A BSTR points after its 32-bit byte length and ends with a NUL that the length does not count. */
    char *raw = take(ALLOC_BSTR, (length + 1) * sizeof(OLECHAR), sizeof(DWORD), NULL);
    BSTR s;
    if (!raw) return NULL;
    s = (BSTR)raw;
    ((DWORD *)raw)[-1] = length * sizeof(OLECHAR);
    if (text) memcpy(s, text, length * sizeof(OLECHAR));
    s[length] = 0;
    return s;
}

BSTR WINAPI SysAllocString(const OLECHAR *text)
{
    UINT n = 0;
    if (!text) return NULL;
    while (text[n]) n++;
    return SysAllocStringLen(text, n);
}

UINT WINAPI SysStringLen(BSTR s)
{
    return s ? ((DWORD *)s)[-1] / sizeof(OLECHAR) : 0;
}

void WINAPI SysFreeString(BSTR s)
{
    release_block("SysFreeString", ALLOC_BSTR, s);
}

TEST_EXPORT SCODE WINAPI MAPIAllocateBuffer(ULONG size, LPVOID *out)
{
    *out = take(ALLOC_MAPI, size, 0, NULL);
    return *out ? S_OK : E_OUTOFMEMORY;
}

TEST_EXPORT SCODE WINAPI MAPIAllocateMore(ULONG size, LPVOID parent, LPVOID *out)
{
    *out = take(ALLOC_MAPI, size, 0, parent);
    return *out ? S_OK : E_OUTOFMEMORY;
}

TEST_EXPORT ULONG WINAPI MAPIFreeBuffer(LPVOID p)
{
    release_block("MAPIFreeBuffer", ALLOC_MAPI, p);
    return 0;
}

/* Blocks allocated and freed by kind (0 CoTaskMem, 1 BSTR, 2 MAPI), and the bad frees. */
TEST_EXPORT void test_alloc_counts(int kind, int *allocated_out, int *freed_out)
{
    *allocated_out = kind >= 0 && kind < ALLOC_KINDS ? allocated[kind] : -1;
    *freed_out = kind >= 0 && kind < ALLOC_KINDS ? freed[kind] : -1;
}

TEST_EXPORT int test_live_blocks(void)
{
    return block_count;
}

TEST_EXPORT int test_bad_free_count(void)
{
    return bad_count;
}

TEST_EXPORT const char *test_bad_free(int i)
{
    return i >= 0 && i < bad_count && i < MAX_BAD ? bad[i] : NULL;
}
