/**
 * Machine-readable facts extracted from Microsoft Learn reference pages.
 *
 * Vtable slots count from 0 and include the base interface's slots: for an interface deriving from
 * IUnknown (QueryInterface, AddRef, Release) the first own method is slot 3.
 *
 * Every fact carries the Learn URL of the page it was read from
 * (`https://learn.microsoft.com/office/client-developer/outlook/mapi/<page>`; localized variants insert
 * their locale, e.g. `https://learn.microsoft.com/de-de/office/...`).
 */

/** Parameter direction as MIDL spells it: `[in]`, `[out]`, `[in, out]`. */
export type Direction = 'in' | 'out' | 'in,out';

export interface SpecParam {
  name: string;
  /** Normalized C type text (see `normalizeType`). */
  type: string;
  /** `null` when the page gives no direction marker for the parameter. */
  direction: Direction | null;
}

export interface SpecSignature {
  /** Normalized return type, e.g. `HRESULT`. */
  returnType: string;
  params: SpecParam[];
  /** Learn URL of the method page whose code block holds the signature. */
  url: string;
}

export interface SpecSlot {
  /** Vtable slot, counting the base interface's slots (IUnknown's 3) first. */
  index: number;
  /** Method name from the method page's code block; empty for a placeholder slot. */
  name: string;
  /** True for the rows the docs mark as an undocumented placeholder member. */
  placeholder: boolean;
  /** Method page URL; for a placeholder, the interface page that lists it. */
  url: string | null;
  signature: SpecSignature | null;
}

export interface SpecInterface {
  name: string;
  base: string;
  /** IID symbol named on the interface page (e.g. `IID_IOSTX`), or null when the page names none. */
  iidName: string | null;
  /** Lowercase GUID without braces, or null when the docs define no value. */
  iid: string | null;
  /** Learn URL of the page defining the IID value. */
  iidSource: string | null;
  /** Learn URL of the interface page. */
  url: string;
  slots: SpecSlot[];
}

/** Something worth knowing about a page: a doc inconsistency, a fallback taken, a marker not understood. */
export interface SpecNote {
  url: string;
  message: string;
}

export interface SpecDocument {
  /** Docs variant the facts come from, e.g. `en-US`, `de-DE-sxs`. */
  source: string;
  interfaces: SpecInterface[];
  notes: SpecNote[];
}
