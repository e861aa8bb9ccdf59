/**
 * What the comparison needs to know of the IDL side, with the position of each declaration: built by
 * the caller from the model (`comidl spec-check` does it), so this package needs no IDL front end.
 * Values of constants and enum members are the model's (it owns constant evaluation), never
 * recomputed here.
 */
import type { Direction } from '../types';

export interface IdlLocation {
  file: string;
  line: number;
  column: number;
}

export interface IdlParamView {
  name: string;
  type: string;
  direction: Direction | null;
}

export interface IdlSlotView extends IdlLocation {
  name: string;
  placeholder: boolean;
  params: IdlParamView[];
}

/** An interface as the IDL model declares it. `slots` are its own methods, base methods excluded. */
export interface IdlInterfaceView extends IdlLocation {
  name: string;
  iid: string | null;
  slots: IdlSlotView[];
}

export interface IdlFieldView extends IdlLocation {
  name: string;
  /** The member's C type as written, array suffix included (`BYTE[4]`, `const ULONG *`). */
  type: string;
}

/** A structure by the name a typedef gives it (or its tag when none does), its members in order. */
export interface IdlStructureView extends IdlLocation {
  name: string;
  fields: IdlFieldView[];
}

export interface IdlEnumMemberView extends IdlLocation {
  name: string;
  /** The value the model computes (written, or one more than the previous member's); null when it has none. */
  value: number | null;
}

export interface IdlEnumView extends IdlLocation {
  name: string;
  members: IdlEnumMemberView[];
}

export interface IdlConstantView extends IdlLocation {
  name: string;
  /** The value the model computes, or null when it is not an integer. */
  value: number | null;
  /** The value expression as written (`0x00010000`, `(ULONG) 1 << 3`), for messages. */
  text: string;
}

/** A state of the library's protocol description (see `config/protocol-states.ts`). */
export interface IdlStateView extends IdlLocation {
  name: string;
  structure: string | null;
  parents: string[];
}

/** Everything the IDL side declares that the pages may describe. */
export interface IdlViews {
  interfaces: IdlInterfaceView[];
  structures: IdlStructureView[];
  enums: IdlEnumView[];
  constants: IdlConstantView[];
  /** The protocol description's states, or null when no protocol description is given. */
  states: IdlStateView[] | null;
}

export function loc(x: IdlLocation): IdlLocation {
  return { file: x.file, line: x.line, column: x.column };
}
