/**
 * IUnknown as the runtime sees it: a structural type with the three methods every COM interface starts
 * with. Generated packages declare their own IUnknown from the IDL; it has the same shape.
 */
import type { GUID } from './guid.js';
import type { HRESULT } from './hresult.js';
import type { Out } from './out.js';

export interface ComUnknown {
  QueryInterface(riid: GUID, ppvObject: Out<ComUnknown | null>): HRESULT;
  AddRef(): number;
  Release(): number;
}
