/**
 * Which slots hand out live views of which structures, read from the library's protocol descriptions (the IDL
 * cannot say it): an `enter` method with a `structureParameter` hands out the entered state's structure
 * through that parameter, and the method it is `pairedWith` ends the view. A fixed `state` gives one
 * structure; a `stateParameter` selects one per state value (each state with a structure, except the initial
 * state and those another method enters), the values being the constants the checked description carries.
 */
import type { CheckedProtocol } from '../protocol';

export interface ProtocolView {
  /** The parameter the structure is handed out through (`ppv`). */
  readonly parameter: string;
  /** The one structure, or... */
  readonly structure?: string;
  /** ...the parameter whose value selects it, and the structure for each value (in decimal). */
  readonly selector?: string;
  readonly structures?: Readonly<Record<string, string>>;
  /** The method that ends the view. */
  readonly endedBy: string;
  /** The description it comes from. */
  readonly file: string;
}

interface StateLike {
  name?: unknown;
  structure?: unknown;
  neverEntered?: unknown;
}

interface MethodLike {
  role?: unknown;
  state?: unknown;
  stateParameter?: unknown;
  structureParameter?: unknown;
  pairedWith?: unknown;
}

/** Per interface name, per method name: the view it hands out. */
export function protocolViews(protocols: readonly CheckedProtocol[]): Map<string, Map<string, ProtocolView>> {
  const out = new Map<string, Map<string, ProtocolView>>();
  for (const p of protocols) {
    const d = p.description;
    const states = (Array.isArray(d.states) ? d.states : []) as StateLike[];
    const methods = (typeof d.methods === 'object' && d.methods !== null ? d.methods : {}) as Record<string, MethodLike>;
    const constants = (typeof d.constants === 'object' && d.constants !== null ? d.constants : {}) as Record<string, unknown>;
    const initial = d.initial;
    const fixed = new Set(Object.values(methods).filter((m) => m.role === 'enter' && typeof m.state === 'string').map((m) => m.state as string));
    const views = new Map<string, ProtocolView>();
    for (const [name, m] of Object.entries(methods)) {
      if (m.role !== 'enter' || typeof m.structureParameter !== 'string' || typeof m.pairedWith !== 'string') continue;
      const base = { parameter: m.structureParameter, endedBy: m.pairedWith, file: p.file };
      if (typeof m.state === 'string') {
        const structure = states.find((s) => s.name === m.state)?.structure;
        if (typeof structure === 'string') views.set(name, { ...base, structure });
      } else if (typeof m.stateParameter === 'string') {
        const structures: Record<string, string> = {};
        for (const s of states) {
          if (typeof s.name !== 'string' || typeof s.structure !== 'string' || s.name === initial || s.neverEntered !== undefined || fixed.has(s.name)) continue;
          const value = constants[s.name];
          if (typeof value === 'number' || typeof value === 'bigint') structures[String(value)] = s.structure;
        }
        if (Object.keys(structures).length > 0) views.set(name, { ...base, selector: m.stateParameter, structures });
      }
    }
    if (views.size > 0) out.set(p.interfaceName, views);
  }
  return out;
}
