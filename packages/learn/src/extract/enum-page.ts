/**
 * An enumeration page (`syncstate.md`): the enumeration its code block declares, each member with the
 * value C gives it (written, or one more than the previous member). The page may call it a structure
 * (SYNCSTATE's does); only the code block counts.
 */
import { parseEnums, type CEnum } from './c-declarations';
import { codeBlocks, type Page } from './page';

export interface EnumPageFacts {
  enumeration: CEnum | null;
  notes: string[];
}

/** Reads an enumeration page: the one named like the page, else the first declared. */
export function readEnumPage(page: Page): EnumPageFacts {
  const notes: string[] = [];
  const all = codeBlocks(page).flatMap((b) => parseEnums(b.code));
  const enumeration = all.find((e) => e.name.toLowerCase() === page.name.toLowerCase()) ?? all[0] ?? null;
  if (enumeration === null) notes.push('no enumeration declaration in the code blocks');
  else notes.push(...enumeration.notes);
  return { enumeration, notes };
}
