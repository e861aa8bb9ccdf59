/**
 * Turns the CST of one preprocessed file into its AST. Owns the mapping from offsets in the preprocessed
 * text to original file positions (through the preprocessor's line map) and the doc-comment lookup; the
 * productions in `ast/` do the rest.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { IdlFileCstNode } from './cst';
import { cleanDocComment, endOffset, startOffset, type BuildContext, type Span } from './ast/node';
import { buildIdlFile, type IdlFile } from './ast/idl-file';
import { SourceMap } from './source-map';

/** `recovered`: the CST comes from error recovery; statements it left incomplete are left out. */
export function cstToAst(cst: IdlFileCstNode, file: string, sourceMap: SourceMap, comments: IToken[], recovered = false): IdlFile {
  return buildIdlFile(cst, file, new AstBuildContext(sourceMap, comments, recovered));
}

/** The context the builders take spans and doc comments from, for a parser that builds the AST itself. */
export function buildContext(sourceMap: SourceMap, comments: IToken[]): BuildContext {
  return new AstBuildContext(sourceMap, comments, false);
}

class AstBuildContext implements BuildContext {
  constructor(
    private readonly map: SourceMap,
    private readonly comments: IToken[],
    readonly recovered: boolean,
  ) {}

  span(node: CstNode | IToken, last: CstNode | IToken = node): Span {
    // Nodes without tokens have NaN offsets; only error recovery leaves such nodes where a span is taken
    // (abstract declarators are handled by their builder). They get an empty span at the start of the text.
    const from = startOffset(node);
    if (Number.isNaN(from)) return { ...this.map.position(0), endLine: this.map.position(0).line, endColumn: 0 };
    const to = endOffset(last);
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
