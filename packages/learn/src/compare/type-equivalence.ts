/**
 * When an IDL parameter type counts as the type the docs give.
 *
 * Both sides are first normalized with `normalizeType` (whitespace, pointer stars). Then:
 *  1. `FAR` and `NEAR` are dropped: they are 16-bit memory-model keywords that Win32 headers define
 *     as nothing (`ULONG FAR * lpulFlags` on the IMAPIProgress pages is a plain `ULONG*`).
 *  2. Pointer typedefs in the alias table are expanded (`LPMAPIERROR*` → `MAPIERROR**`).
 *     The default table holds only typedefs that SPEC.md states (see `DEFAULT_TYPE_ALIASES`);
 *     callers may add more, e.g. `{ LPVOID: 'void*', LPULONG: 'ULONG*' }`.
 * Everything else is compared as text, so `const WCHAR*` and `LPCWSTR` are different types, as are
 * `UINT` and `ULONG`.
 */
import { normalizeType } from '../extract/signature';

/**
 * Pointer typedefs stated in SPEC.md:
 *  - `LPMAPIERROR`: §4.4, `typedef struct _MAPIERROR {...} MAPIERROR, FAR * LPMAPIERROR;`
 *  - `LPMAPIPROGRESS`: §3b, IMAPIProgress's page gives `LPMAPIPROGRESS` as its pointer type;
 *  - `PMAPISIB`: §4.1, `typedef struct _MAPISIB {...} MAPISIB, *PMAPISIB`;
 *  - `PXICC`, `PXIHC`: §4, `DECLARE_MAPI_INTERFACE_PTR(IExchangeImport...Changes, PXICC/PXIHC)`.
 */
export const DEFAULT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  LPMAPIERROR: 'MAPIERROR*',
  LPMAPIPROGRESS: 'IMAPIProgress*',
  PMAPISIB: 'MAPISIB*',
  PXICC: 'IExchangeImportContentsChanges*',
  PXIHC: 'IExchangeImportHierarchyChanges*',
};

const DROPPED = new Set(['FAR', 'NEAR']);

/** The form two types are compared in. */
export function canonicalType(type: string, aliases: Readonly<Record<string, string>> = DEFAULT_TYPE_ALIASES): string {
  let text = normalizeType(type);
  for (let round = 0; round < 8; round++) {
    const next = normalizeType(
      text.replace(/[A-Za-z_]\w*/g, (word) => {
        if (DROPPED.has(word)) return ' ';
        const alias = aliases[word];
        return alias !== undefined ? ` ${alias} ` : word;
      }),
    );
    if (next === text) break;
    text = next;
  }
  return text;
}

/** True when the two types are the same after `canonicalType`. */
export function sameType(a: string, b: string, aliases: Readonly<Record<string, string>> = DEFAULT_TYPE_ALIASES): boolean {
  return canonicalType(a, aliases) === canonicalType(b, aliases);
}
