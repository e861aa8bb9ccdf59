/** `decodeStringLiteral`: C string literals as they appear in IDL, to their values. */
import { decodeStringLiteral } from '../src';

describe('decodeStringLiteral', () => {
  it.each([
    ['""', ''],
    ['"plain"', 'plain'],
    ['L"wide"', 'wide'],
    ['"a\\"b"', 'a"b'],
    ["'x'", 'x'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"\\n\\t\\r\\a\\b\\f\\v"', '\n\t\r\x07\b\f\v'],
    ['"\\x41\\x62"', 'Ab'],
    ['"\\101\\0"', 'A\0'],
    ['"\\1234"', 'S4'],
    ['"\\q"', 'q'],
    ['"c:\\\\windows\\\\system32"', 'c:\\windows\\system32'],
    ['"#define FOO_MAGIC \\"magic\\""', '#define FOO_MAGIC "magic"'],
  ])('%s', (literal, value) => {
    expect(decodeStringLiteral(literal)).toBe(value);
  });
});
