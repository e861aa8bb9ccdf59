/**
 * Layout conformance of generated native descriptors: for each structure, the size, the alignment, and every
 * field's offset and size that koffi gives the declaration the runtime makes of the descriptor, each paired
 * with the C expression that gives the same for the widl-generated header. Bit-fields have no offset C can
 * take: their first bit and width are measured on a zeroed structure with the bit-field set to all ones. The
 * fields of a nameless member are checked as C reaches them (`offsetof(S, inner)`), and a named field of an
 * inline structure type field by field inside it (`offsetof(S, field.inner)`).
 *
 * Used by test/layouts.spec.ts (idl/'s libraries, against the headers the test objects build from) and by
 * tools/wine/native-layout-conformance.mjs (Wine's headers).
 */
import type { NativeLibrary, NativeStructure } from '@comidl/runtime-native';

export interface LayoutCheck {
  /** The structure, by its descriptor name. */
  readonly structure: string;
  /** What is compared: `sizeof(SYNC)`, `offsetof(SYNC, ulFlags)`, `bit of BITS.a`. */
  readonly what: string;
  /** A C expression of type size_t (or convertible) giving it for the header. */
  readonly expression: string;
  /** What koffi's declaration gives. */
  readonly koffi: number;
  readonly kind: 'size' | 'align' | 'offset' | 'field-size' | 'bit' | 'width';
}

export interface LayoutNames {
  /** The structure's name in C (`SYNC`, `struct tagFOO`); the descriptor name by default. */
  readonly cName?: (structure: NativeStructure) => string;
  /**
   * Whether a field named in the IDL is nameless in C (Wine's `DUMMYUNIONNAME`s when NONAMELESSUNION is not
   * set): its fields are then reached as the enclosing structure's. A descriptor's `__anon<n>` members are
   * always nameless; other nameless members (an encapsulated union's arms, `u`) are named in C.
   */
  readonly namelessInC?: (field: string) => boolean;
}

/**
 * C helpers the expressions use: the first set bit and the number of set bits of a structure's bytes (bit i of
 * byte j is bit 8j + i: little-endian, as on every Windows platform).
 */
export const LAYOUT_HELPERS = [
  '#include <stddef.h>',
  '#include <string.h>',
  'static size_t comidl_first_bit(const void *p, size_t n) { const unsigned char *b = p; for (size_t i = 0; i < 8 * n; i++) if (b[i / 8] >> (i % 8) & 1) return i; return (size_t)-1; }',
  'static size_t comidl_bit_count(const void *p, size_t n) { const unsigned char *b = p; size_t c = 0; for (size_t i = 0; i < 8 * n; i++) c += b[i / 8] >> (i % 8) & 1; return c; }',
  '#define COMIDL_BITS(T, member, measure) ({ T comidl_s; memset(&comidl_s, 0, sizeof comidl_s); comidl_s.member = -1; measure(&comidl_s, sizeof comidl_s); })',
  '',
].join('\n');

/** The checks of `structures` (top-level ones: inline structures are checked inside their parents). */
export function layoutChecks(library: NativeLibrary, structures: readonly NativeStructure[], names: LayoutNames = {}): LayoutCheck[] {
  const checks: LayoutCheck[] = [];
  for (const s of structures) {
    if (s.name.includes('.')) continue;
    const c = names.cName?.(s) ?? s.name;
    const info = library.structures.get(s.name);
    const add = (kind: LayoutCheck['kind'], what: string, expression: string, koffi: number) => checks.push({ structure: s.name, kind, what, expression, koffi });
    add('size', `sizeof(${c})`, `sizeof(${c})`, info.size);
    add('align', `_Alignof(${c})`, `_Alignof(${c})`, info.alignment);
    if (info.opaque) continue;
    const walk = (inner: typeof info, path: string, base: number) => {
      for (const f of inner.fields) {
        const at = base + f.offset;
        if (f.anonymous) {
          const named = !f.name.startsWith('__anon');
          walk(f.anonymous, named ? `${path}${f.name}.` : path, at);
          continue;
        }
        if (f.bitFields) {
          for (const b of f.bitFields) {
            const member = `${path}${b.name}`;
            add('bit', `first bit of ${c}.${member}`, `COMIDL_BITS(${c}, ${member}, comidl_first_bit)`, 8 * at + b.offset);
            add('width', `width of ${c}.${member}`, `COMIDL_BITS(${c}, ${member}, comidl_bit_count)`, b.width);
          }
          continue;
        }
        const nameless = names.namelessInC?.(f.name) ?? false;
        const member = `${path}${f.name}`;
        const type = f.type;
        const nested = typeof type !== 'string' && type.kind === 'struct' && type.name.includes('.') ? library.structures.get(type.name) : undefined;
        if (!nameless) {
          add('offset', `offsetof(${c}, ${member})`, `offsetof(${c}, ${member})`, at);
          add('field-size', `sizeof(${c}.${member})`, `sizeof(((${c} *)0)->${member})`, library.structures.sizeOf(type));
        }
        if (nested && !nested.opaque) walk(nested, nameless ? path : `${member}.`, at);
      }
    };
    walk(info, '', 0);
  }
  return checks;
}

/** The C source of a layout table: `test_layout_count()` checks, `test_layout_value(i)` the i-th one's value. */
export function layoutTable(checks: readonly LayoutCheck[], include: string): string {
  return [
    '/* Generated from native descriptors: each check\'s value as the C compiler lays the header out. */',
    LAYOUT_HELPERS,
    `#include "${include}"`,
    `TEST_EXPORT int test_layout_count(void) { return ${checks.length}; }`,
    'TEST_EXPORT long long test_layout_value(int i)',
    '{',
    '    switch (i)',
    '    {',
    ...checks.map((k, i) => `    case ${i}: return (long long)(${k.expression});`),
    '    }',
    '    return -1;',
    '}',
    '',
  ].join('\n');
}
