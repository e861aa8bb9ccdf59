/**
 * Reading a Learn Markdown page: line endings, YAML front matter, headings and fenced code blocks.
 * The page text is kept as written; callers choose whether to look at it through the bilingual
 * (sxs) English view (see `sxs.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishView, isSxs } from './sxs';

export type FrontMatter = Record<string, string | string[]>;

export interface Page {
  /** File name without `.md`, e.g. `iostx-syncbeg`. */
  name: string;
  /** Whole text, BOM removed, line endings normalized to `\n`. */
  text: string;
  frontMatter: FrontMatter;
  /** Lines after the front matter. */
  lines: string[];
  /** 1-based file line of `lines[0]`. */
  firstLine: number;
  /** True for a bilingual page (`data-ttu-id` / `sxs-lookup` spans). */
  sxs: boolean;
  /** `lines` with every sxs segment replaced by its English source text (same as `lines` otherwise). */
  englishLines: string[];
}

export interface Heading {
  level: number;
  /** Index into `Page.lines`. */
  index: number;
  /** `<a name>` anchor, e.g. `vtable-order`, or null. */
  anchor: string | null;
  /** Heading text without the anchor, through the English view for sxs pages. */
  text: string;
}

export interface CodeBlock {
  /** Info string, e.g. `cpp`. */
  lang: string;
  code: string;
  /** Index into `Page.lines` of the opening fence. */
  start: number;
  /** Index into `Page.lines` of the closing fence (or `lines.length` when unclosed). */
  end: number;
}

/** Parses page text (already read) into a `Page`. */
export function parsePage(name: string, raw: string): Page {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { frontMatter, bodyStart } = parseFrontMatter(text);
  const allLines = text.split('\n');
  const lines = allLines.slice(bodyStart);
  const sxs = isSxs(text);
  return {
    name: name.replace(/\.md$/i, ''),
    text,
    frontMatter,
    lines,
    firstLine: bodyStart + 1,
    sxs,
    englishLines: sxs ? lines.map(englishView) : lines,
  };
}

/** Reads `<dir>/<name>.md`; null when the file does not exist. */
export function readPage(dir: string, name: string): Page | null {
  const file = join(dir, name.endsWith('.md') ? name : `${name}.md`);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return parsePage(name, raw);
}

/**
 * The front matter between the first two `---` lines: `key: value` pairs and `key:` followed by
 * `- item` lists. Quotes around values are removed; blank lines are ignored. `bodyStart` is the index
 * of the first line after the closing `---` (0 when there is no front matter).
 */
export function parseFrontMatter(text: string): { frontMatter: FrontMatter; bodyStart: number } {
  const lines = text.split('\n');
  const frontMatter: FrontMatter = {};
  if (lines[0]?.trim() !== '---') return { frontMatter, bodyStart: 0 };
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '---') {
      end = i;
      break;
    }
  }
  if (end < 0) return { frontMatter, bodyStart: 0 };
  let listKey: string | null = null;
  for (let i = 1; i < end; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && listKey !== null) {
      const list = frontMatter[listKey];
      const value = unquote(item[1]!);
      if (Array.isArray(list)) list.push(value);
      else frontMatter[listKey] = [value];
      continue;
    }
    const pair = /^([A-Za-z0-9_.-]+)\s*:\s*(.*)$/.exec(line);
    if (pair) {
      const value = pair[2]!.trim();
      if (value === '') {
        listKey = pair[1]!;
        frontMatter[listKey] = [];
      } else {
        listKey = null;
        frontMatter[pair[1]!] = unquote(value);
      }
    }
  }
  return { frontMatter, bodyStart: end + 1 };
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/** First list item (or the value) of a front-matter key. */
export function frontMatterFirst(fm: FrontMatter, key: string): string | null {
  const v = fm[key];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

const ANCHOR = /<a\s+name="([^"]*)"\s*>\s*<\/a>/i;

/** ATX headings outside code blocks. */
export function headings(page: Page): Heading[] {
  const out: Heading[] = [];
  let inFence = false;
  page.lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) return;
    const anchor = ANCHOR.exec(m[2]!);
    const english = page.englishLines[index]!;
    const em = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(english);
    const text = (em ? em[2]! : m[2]!).replace(ANCHOR, '').trim();
    out.push({ level: m[1]!.length, index, anchor: anchor ? anchor[1]! : null, text });
  });
  return out;
}

/** Index of the first line after heading `h`'s section (next heading of the same or a higher level). */
export function sectionEnd(page: Page, all: Heading[], h: Heading): number {
  for (const other of all) {
    if (other.index > h.index && other.level <= h.level) return other.index;
  }
  return page.lines.length;
}

/** Fenced code blocks (``` or ~~~) of the page, in order. */
export function codeBlocks(page: Page): CodeBlock[] {
  const out: CodeBlock[] = [];
  let open: { fence: string; lang: string; start: number } | null = null;
  page.lines.forEach((line, index) => {
    const m = /^\s*(```+|~~~+)\s*([^`\s]*)/.exec(line);
    if (!m) return;
    if (open === null) {
      open = { fence: m[1]!, lang: m[2]!.toLowerCase(), start: index };
    } else if (m[1]!.startsWith(open.fence[0]!) && m[1]!.length >= open.fence.length && m[2] === '') {
      out.push({
        lang: open.lang,
        code: page.lines.slice(open.start + 1, index).join('\n'),
        start: open.start,
        end: index,
      });
      open = null;
    }
  });
  if (open !== null) {
    const o: { lang: string; start: number } = open;
    out.push({ lang: o.lang, code: page.lines.slice(o.start + 1).join('\n'), start: o.start, end: page.lines.length });
  }
  return out;
}

/** The H1 text (English view, anchor removed), or null. */
export function title(page: Page): string | null {
  const h = headings(page).find((x) => x.level === 1);
  return h ? h.text : null;
}
