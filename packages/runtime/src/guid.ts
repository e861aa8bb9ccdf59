/** GUIDs (IIDs, CLSIDs) as lowercase strings without braces: `00000000-0000-0000-c000-000000000046`. */
import { ComError } from './com-error.js';
import { E_INVALIDARG } from './hresult.js';

export type GUID = string;

const pattern = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Normalizes `{D2D85DB4-...}` or `d2d85db4-...` to the lowercase form; E_INVALIDARG for anything else. */
export function parseGuid(text: string): GUID {
  const m = pattern.exec(text.trim());
  if (!m || (text.trim().startsWith('{') !== text.trim().endsWith('}'))) {
    throw new ComError(E_INVALIDARG, `not a GUID: ${JSON.stringify(text)}`);
  }
  return m[1].toLowerCase();
}

export function isEqualGuid(a: GUID | null | undefined, b: GUID | null | undefined): boolean {
  if (a == null || b == null) return false;
  return a.toLowerCase() === b.toLowerCase();
}

export const IID_IUnknown: GUID = '00000000-0000-0000-c000-000000000046';
