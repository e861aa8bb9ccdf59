/*
 * The reference loops of npm run bench:native: the same calls as the benchmark makes through native wrappers,
 * made n times from C through the vtable (logging off), so that the time of the call itself is known.
 */
#include "test-objects.h"

TEST_EXPORT void test_loop_initsync(IOSTX *o, int n)
{
    int i;
    for (i = 0; i < n; i++) IOSTX_InitSync(o, (ULONG)i);
}

TEST_EXPORT void test_loop_getflags(IMAPIProgress *p, int n)
{
    int i;
    ULONG flags;
    for (i = 0; i < n; i++) IMAPIProgress_GetFlags(p, &flags);
}

TEST_EXPORT void test_loop_progress(IMAPISyncProgressCallback *cb, const WCHAR *text, int n)
{
    int i;
    for (i = 0; i < n; i++) IMAPISyncProgressCallback_Progress(cb, text, (ULONG)i, (ULONG)n);
}

TEST_EXPORT void test_loop_putpacked(IMarshalTest *m, const PACKED2 *p, int n)
{
    int i;
    for (i = 0; i < n; i++) IMarshalTest_PutPacked(m, p);
}
