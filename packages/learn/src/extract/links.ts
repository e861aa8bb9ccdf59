/**
 * Markdown link targets. On localized pages the link TEXT is translated (method names included),
 * but the target (`iostx-syncbeg.md`) is never translated, so it is what identifies a method page.
 */

export interface MdLink {
  /** Link text as written (may hold sxs spans or a translation). */
  text: string;
  /** Target as written, e.g. `iostx-syncbeg.md` or `iostx-syncbeg.md#remarks`. */
  target: string;
  /** Reference page the target points at (`iostx-syncbeg`), or null for other targets. */
  page: string | null;
}

const LINK = /\[((?:[^[\]]|\[[^[\]]*\])*)\]\(\s*<?([^()\s>]+(?:\([^()\s]*\)[^()\s>]*)*)>?(?:\s+"[^"]*")?\s*\)/g;

/** Inline links `[text](target)` of a Markdown fragment, in order (images excluded). */
export function findLinks(markdown: string): MdLink[] {
  const out: MdLink[] = [];
  for (const m of markdown.matchAll(LINK)) {
    if (m.index! > 0 && markdown[m.index! - 1] === '!') continue;
    out.push({ text: m[1]!, target: m[2]!, page: pageOfTarget(m[2]!) });
  }
  return out;
}

/**
 * The reference page a link target names: a relative `name.md` (any folder, fragment or query dropped),
 * or a Learn URL/path ending in `/outlook/mapi/<name>`. Lowercased; null for anything else.
 */
export function pageOfTarget(target: string): string | null {
  const t = target.replace(/[#?].*$/, '');
  const md = /^(?:\.\/|(?:\.\.\/)+)?(?:[\w.-]+\/)*([\w.-]+)\.md$/i.exec(t);
  if (md && !/^[a-z][a-z0-9+.-]*:/i.test(t)) return md[1]!.toLowerCase();
  const learn = /^(?:https?:\/\/learn\.microsoft\.com)?(?:\/[a-z]{2}-[a-z]{2})?\/office\/client-developer\/outlook\/mapi\/([\w.-]+)\/?$/i.exec(
    t,
  );
  if (learn) return learn[1]!.replace(/\.md$/i, '').toLowerCase();
  return null;
}
