/**
 * The pages of one docs variant folder, each read at most once, with the Learn URL of every page, the
 * notes taken while reading them, and the problems: a page the spec needs that is missing, is not a
 * regular file or cannot be read. A needed page is never skipped in silence: the caller decides what a
 * problem means (`extractSpec` refuses to give a spec that lacks facts).
 */
import type { SpecNote } from '../types';
import { learnUrl } from '../learn-url';
import { tryReadPage, type Page, type PageProblem } from './page';

/** A page the spec needs and could not read, with what needed it. */
export interface SpecProblem extends PageProblem {
  /** Learn URL of the page. */
  url: string;
  /** Why the page is needed: `interface page`, `linked from iostxiunknown (slot 5)`. */
  neededFor: string;
}

export class PageReader {
  readonly notes: SpecNote[] = [];
  readonly problems: SpecProblem[] = [];
  private readonly pages = new Map<string, Page | PageProblem>();

  constructor(
    readonly dir: string,
    readonly locale: string | null,
  ) {}

  url(page: string): string {
    return learnUrl(page, this.locale);
  }

  note(page: string, message: string): void {
    this.notes.push({ url: this.url(page), message });
  }

  private read(name: string): Page | PageProblem {
    const key = name.replace(/\.md$/i, '').toLowerCase();
    let hit = this.pages.get(key);
    if (hit === undefined) {
      const r = tryReadPage(this.dir, key);
      hit = r.page ?? r.problem!;
      this.pages.set(key, hit);
    }
    return hit;
  }

  /** A page the spec needs: null, and a problem recorded (once per page, with the first need), when it cannot be read. */
  need(name: string, neededFor: string): Page | null {
    const r = this.read(name);
    if ('lines' in r) return r;
    if (!this.problems.some((p) => p.page === r.page)) {
      this.problems.push({ ...r, url: this.url(r.page), neededFor });
    }
    return null;
  }

  /** A page that was read but does not give what it is needed for: a problem, like an unreadable one. */
  noFacts(page: Page, neededFor: string, message: string): void {
    if (this.problems.some((p) => p.page === page.name)) return;
    this.problems.push({
      page: page.name,
      file: `${this.dir}/${page.name}.md`,
      reason: 'no-facts',
      message,
      url: this.url(page.name),
      neededFor,
    });
  }

  /** A page read only if it is there: a missing page is no problem, an unreadable one is. */
  optional(name: string, neededFor: string): Page | null {
    const r = this.read(name);
    if ('lines' in r) return r;
    if (r.reason === 'missing') return null;
    return this.need(name, neededFor);
  }
}

/** `<docs>/iostx-syncbeg.md: missing; needed as the method page of IOSTX slot 5 (linked from iostxiunknown) (<Learn URL>)` */
export function formatProblem(p: SpecProblem): string {
  return `${p.file}: ${p.message}; needed as ${p.neededFor} (${p.url})`;
}

/** Thrown by `extractSpec` when pages it needs cannot be read; `problems` names every one. */
export class SpecPagesError extends Error {
  constructor(readonly problems: readonly SpecProblem[]) {
    super(`${problems.length} page(s) the spec needs cannot be read:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'SpecPagesError';
  }
}
