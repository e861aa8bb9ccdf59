/**
 * A bound on the nesting of JSON data files read beside the IDL (protocol descriptions, spec-check
 * configurations): JSON parsers descend by recursion, so input nested deeper than such files ever are is
 * refused before one sees it, as the IDL parser bounds its own depth.
 */

/** Nesting limit: the data files read beside the IDL are a few levels deep. */
export const MAX_JSON_DEPTH = 64;

/** The offset of the bracket or brace that opens level `max + 1` (outside strings), or -1. */
export function jsonNestingTooDeep(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}
