/**
 * The parameter list that follows a method's code block:
 *
 *    _ulFlags_
 *   > [in] Flags to modify behavior.
 *
 * Names are written `_name_`, `*name*` or `**name**`; the first quoted line may start with a direction
 * marker: `[in]`, `[out]`, `[in]/[out]`, `[in, out]`. Translated pages sometimes translate the marker
 * (`[entrada]`, `[salida]`, `[entrant]`, `[sortant]`) or empty it (`[]`); bilingual pages are read
 * through their English view, which keeps the English marker.
 */
import type { Direction } from '../types';

export interface ParamDoc {
  name: string;
  /** Direction the marker stands for, null when there is no marker or it is not understood. */
  direction: Direction | null;
  /** Marker as written, e.g. `[in]/[out]`, or null when the description has none. */
  marker: string | null;
  /** Index of the name line in the lines given. */
  index: number;
}

/**
 * Marker words, lowercased, by language. English is what the pages use; the others are the
 * translations seen in the localized pages (and their obvious counterparts).
 */
const MARKER_WORDS: Record<string, 'in' | 'out'> = {
  in: 'in',
  out: 'out',
  entrada: 'in',
  salida: 'out',
  entrant: 'in',
  entrée: 'in',
  entree: 'in',
  sortant: 'out',
  sortie: 'out',
  eingabe: 'in',
  ausgabe: 'out',
};

/**
 * Reads a direction marker at the start of a description.
 * Returns the marker text (null when the text does not start with `[...]`) and the direction it means
 * (null when a word is not a known marker, e.g. `[]`).
 */
export function parseDirectionMarker(text: string): { marker: string | null; direction: Direction | null } {
  const m = /^\s*((?:\[[^\]\n]{0,20}\]\s*\/?\s*){1,2})/.exec(text);
  if (!m || /^\s*\[!/.test(text)) return { marker: null, direction: null };
  const marker = m[1]!.trim();
  const words = marker
    .replace(/[[\]]/g, ' ')
    .split(/[\s,/]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
  if (words.length === 0) return { marker, direction: null };
  let isIn = false;
  let isOut = false;
  for (const w of words) {
    const d = MARKER_WORDS[w];
    if (d === undefined) return { marker, direction: null };
    if (d === 'in') isIn = true;
    else isOut = true;
  }
  return { marker, direction: isIn && isOut ? 'in,out' : isIn ? 'in' : 'out' };
}

const NAME_LINE = /^\s*(?:_{1,2}|\*{1,2}|`)([A-Za-z_]\w*?)(?:_{1,2}|\*{1,2}|`)\s*$/;

/**
 * Parameter entries in `lines[from..to)`: a line holding only an emphasized identifier, followed by a
 * `>` quote. Lines must already be in the English view for bilingual pages.
 */
export function parseParameterDocs(lines: readonly string[], from: number, to: number): ParamDoc[] {
  const out: ParamDoc[] = [];
  for (let i = from; i < to; i++) {
    const nm = NAME_LINE.exec(lines[i]!);
    if (!nm) continue;
    let j = i + 1;
    while (j < to && lines[j]!.trim() === '') j++;
    if (j >= to || !/^\s*>/.test(lines[j]!)) continue;
    const desc = lines[j]!.replace(/^\s*>\s?/, '');
    const { marker, direction } = parseDirectionMarker(desc);
    out.push({ name: nm[1]!, direction, marker, index: i });
  }
  return out;
}
