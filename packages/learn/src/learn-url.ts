/** Learn URLs of the Outlook MAPI reference pages. */

export const LEARN_MAPI_BASE = 'https://learn.microsoft.com/office/client-developer/outlook/mapi/';

/**
 * Learn URL of a page of the Outlook MAPI reference.
 * `locale` (e.g. `de-DE`) inserts Learn's locale segment; English (`en-US`) and `null` give the
 * locale-neutral URL.
 */
export function learnUrl(page: string, locale: string | null = null): string {
  const name = page.replace(/\.md$/i, '');
  if (locale === null || /^en-us$/i.test(locale)) return `${LEARN_MAPI_BASE}${name}`;
  return `https://learn.microsoft.com/${locale.toLowerCase()}/office/client-developer/outlook/mapi/${name}`;
}

/**
 * Locale of a docs variant directory name: `de-DE-sxs` → `de-DE`, `en-US` → `en-US`,
 * anything else → null.
 */
export function localeOfSource(source: string): string | null {
  const m = /^([a-z]{2,3}-[A-Za-z]{2,4})(?:-sxs)?$/.exec(source);
  return m ? m[1]! : null;
}
