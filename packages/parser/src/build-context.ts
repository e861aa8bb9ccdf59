/**
 * The context the grammar's actions build the AST of one preprocessed file with: spans in the original
 * sources (offsets in the preprocessed text mapped through the preprocessor's line map) and the doc comment
 * before a declaration.
 */
import type { IToken } from 'chevrotain';
import { cleanDocComment, type BuildContext, type Span } from './ast/node';
import type { SourceMap } from './source-map';

export function buildContext(sourceMap: SourceMap, comments: IToken[]): BuildContext {
  return new SourceBuildContext(sourceMap, comments);
}

class SourceBuildContext implements BuildContext {
  constructor(
    private readonly map: SourceMap,
    private readonly comments: IToken[],
  ) {}

  span(first: IToken, last: IToken): Span {
    // Only error recovery gives a node a first token without an offset (one it inserted, or the end of the
    // input); such a node gets an empty span at the start of the text.
    const from = first.startOffset;
    if (Number.isNaN(from)) {
      const start = this.map.position(0);
      return { ...start, endLine: start.line, endColumn: 0 };
    }
    const to = last.startOffset + last.image.length - 1;
    return this.map.span(from, Number.isNaN(to) ? from : Math.max(from, to));
  }

  docBefore(offset: number): string | null {
    const comments = this.comments;
    // The last comment that ends before the offset.
    let lo = 0;
    let hi = comments.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (comments[mid].startOffset < offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return null;
    const comment = comments[found];
    // `/** text */` is documentation; `/*****` banners and `/**/` are not.
    if (!/^\/\*\*[^*/]/.test(comment.image)) return null;
    const between = this.map.text.slice(comment.startOffset + comment.image.length, offset);
    if (!/^\s*$/.test(between)) return null;
    return cleanDocComment(comment.image);
  }
}
