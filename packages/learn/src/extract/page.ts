/**
 * Reading a Learn Markdown page: line endings, YAML front matter, headings and fenced code blocks.
 * The page text is kept as written; callers choose whether to look at it through the bilingual
 * (sxs) English view (see `sxs.ts`).
 */
import { readFileSync, statSync } from 'node:fs';
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

/** Why a page could not be read: it is not there, it is not a regular file, or reading it failed. */
export interface PageProblem {
  /** Page name without `.md`. */
  page: string;
  /** The file that was looked for. */
  file: string;
  /** `no-facts`: the page was read but does not state what it is needed for (no declaration, no table). */
  reason: 'missing' | 'not-a-file' | 'unreadable' | 'no-facts';
  /** One line: `missing`, `is a directory, not a regular file`, `cannot be read (EACCES)`, `declares no structure`. */
  message: string;
}

/** What `tryReadPage` found: the page, or why there is none. */
export type PageRead = { page: Page; problem: null } | { page: null; problem: PageProblem };

function fileKind(mode: number): string {
  const type = mode & 0o170000;
  if (type === 0o040000) return 'a directory';
  if (type === 0o010000) return 'a FIFO';
  if (type === 0o140000) return 'a socket';
  if (type === 0o020000 || type === 0o060000) return 'a device';
  return 'not a regular file';
}

/**
 * Reads `<dir>/<name>.md`. Only a regular file is opened (a FIFO or a device would block or never
 * end); a symbolic link is followed to what it names.
 */
export function tryReadPage(dir: string, name: string): PageRead {
  const page = name.replace(/\.md$/i, '');
  const file = join(dir, `${page}.md`);
  const problem = (reason: PageProblem['reason'], message: string): PageRead => ({
    page: null,
    problem: { page, file, reason, message },
  });
  let raw: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) {
      const kind = fileKind(st.mode);
      return problem('not-a-file', kind === 'not a regular file' ? kind : `is ${kind}, not a regular file`);
    }
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return problem('missing', 'missing');
    return problem('unreadable', `cannot be read (${code})`);
  }
  return { page: parsePage(page, raw), problem: null };
}

/** Reads `<dir>/<name>.md`; null when it is missing or cannot be read (see `tryReadPage` for why). */
export function readPage(dir: string, name: string): Page | null {
  return tryReadPage(dir, name).page;
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
