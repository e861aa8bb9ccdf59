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

/** A structure member, as the structure page's declaration writes it. */
export interface SpecField {
  /** Empty when the declaration names no member (`UINTiEntMod;` declares only a type). */
  name: string;
  /** Normalized C type text, array suffix included: `ULONG`, `HANDLE*`, `BYTE[4]`, `ULONG const*`. */
  type: string;
}

export interface SpecStructure {
  /** The declared type name (`HDRSYNC`, `MAPISIB`, `OLFI`). */
  name: string;
  /** Learn URL of the structure page. */
  url: string;
  /** In declaration order. */
  fields: SpecField[];
}

export interface SpecEnumMember {
  name: string;
  /** As C counts it: the written value, or one more than the previous member's (the first is 0). */
  value: number;
}

export interface SpecEnum {
  name: string;
  url: string;
  members: SpecEnumMember[];
}

/** A named constant with its value: a row of a constants table, a `#define`, or a `const` declaration. */
export interface SpecConstant {
  name: string;
  /** The integer value, or null when the definition is not an integer (a `const MAPIUID x = {...}`). */
  value: number | null;
  /** The definition as the page writes it, whitespace collapsed: `((ULONG) 0x00000800)`. */
  text: string;
  /** Where on the page: heading anchors from the top, joined by `/` (`replication-api`), or the page name. */
  section: string;
  url: string;
}

/** An interface identifier defined with `DEFINE_GUID` / `DEFINE_OLEGUID`. */
export interface SpecIid {
  /** The symbol, e.g. `IID_IOSTX`. */
  name: string;
  /** Lowercase, no braces. */
  guid: string;
  section: string;
  url: string;
}

/** A state of a state machine: its identifier, the structure it hands out and the states it is entered from. */
export interface SpecState {
  /** The state identifier, e.g. `LR_SYNC_UPLOAD_FOLDER`. */
  identifier: string;
  /** The structure's declared name (read from the structure page the table links), or null for none. */
  structure: string | null;
  /** Identifiers of the states the state page's "From this state" row links to, in page order. */
  parents: string[];
  /** Learn URL of the state's page. */
  url: string;
}

export interface SpecDocument {
  /** Docs variant the facts come from, e.g. `en-US`, `de-DE-sxs`. */
  source: string;
  interfaces: SpecInterface[];
  structures: SpecStructure[];
  enums: SpecEnum[];
  constants: SpecConstant[];
  iids: SpecIid[];
  states: SpecState[];
  notes: SpecNote[];
}
