/** `cpp_quote("#define NAME value")`: which texts are simple constants, and their C values. */
import { cppDefine, cppEmptyDefine } from '../src';

describe('cppDefine', () => {
  it.each([
    ['#define DEVICE_STATE_ACTIVE 0x1', 'DEVICE_STATE_ACTIVE', 1n, null],
    ['#define  MAX 200UL /* items */', 'MAX', 200n, null],
    ['#define OCTAL 010', 'OCTAL', 8n, null],
    ['#define NEG -1', 'NEG', -1n, null],
    ['#define RATIO (0.5f)', 'RATIO', 0.5, null],
    ['#define NAME L"a\\tb"', 'NAME', 'a\tb', null],
    ["#define LETTER 'x'", 'LETTER', 120n, null],
    ['#define E_X ((HRESULT)0x80070490)', 'E_X', 0x80070490n, 'HRESULT'],
    ['#define ALL ((unsigned long)-1)', 'ALL', -1n, 'unsigned long'],
  ])('%s', (text, name, value, cast) => {
    expect(cppDefine(text)).toMatchObject({ name, value, cast });
  });

  it.each([
    '#define E_CALL MAKE_HRESULT(1, 4, 0x200)',
    '#define TWICE(x) ((x) * 2)',
    '#define ALIAS OTHER',
    '#define SUM (1 + 2)',
    '#define CAST_SUM (X) + 1',
    '#define EMPTY',
    '#include <pshpack8.h>',
    'typedef int X;',
  ])('%s is not a simple constant', (text) => {
    expect(cppDefine(text)).toBeNull();
  });

  it('names an empty definition', () => {
    expect(cppEmptyDefine('#define __VARIANT_NAME_1')).toBe('__VARIANT_NAME_1');
    expect(cppEmptyDefine('#define __VARIANT_NAME_1 n1')).toBeNull();
  });
});
