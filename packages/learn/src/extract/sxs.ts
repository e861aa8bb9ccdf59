/**
 * Bilingual ("side-by-side", `live-sxs`) pages wrap every translated segment as
 *
 *   <span data-ttu-id="HHHHH-NNN">translated</span><span class="sxs-lookup"><span data-stu-id="HHHHH-NNN">English</span></span>
 *
 * The English inside `sxs-lookup` is the English source the translation was made from, so it is the
 * only text of such a page (besides code blocks, link targets and anchors) that may name an API.
 */

const PAIR =
  /<span data-ttu-id="([^"]*)">([\s\S]*?)<\/span><span class="sxs-lookup"><span data-stu-id="([^"]*)">([\s\S]*?)<\/span><\/span>/g;

export interface SxsSegment {
  id: string;
  translated: string;
  english: string;
}

/** True when the text carries sxs markup. */
export function isSxs(text: string): boolean {
  return text.includes('data-ttu-id="');
}

/** Replaces each segment by its English source (pairs whose ttu and stu ids differ are left alone). */
export function englishView(text: string): string {
  return text.replace(PAIR, (whole, ttu: string, _tr: string, stu: string, en: string) =>
    ttu === stu ? en : whole,
  );
}

/** Replaces each segment by its translation. */
export function translatedView(text: string): string {
  return text.replace(PAIR, (whole, ttu: string, tr: string, stu: string) => (ttu === stu ? tr : whole));
}

/** The segments of a text, in order. */
export function sxsSegments(text: string): SxsSegment[] {
  const out: SxsSegment[] = [];
  for (const m of text.matchAll(PAIR)) {
    if (m[1] === m[3]) out.push({ id: m[1]!, translated: m[2]!, english: m[4]! });
  }
  return out;
}
