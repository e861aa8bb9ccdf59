/** Doc comments: cleaning `/** ... *\/` text, printing it back, and which declaration it belongs to. */
import { parseIdl, printIdlFile } from '../src';
import { cleanDocComment, printDoc } from '../src/ast/node';

describe('cleanDocComment', () => {
  it.each([
    ['/** one line */', 'one line'],
    ['/**   padded   */', 'padded'],
    ['/**\n * first\n * second\n */', 'first\nsecond'],
    ['/**\n * para one\n *\n * para two\n */', 'para one\n\npara two'],
    ['/**\n * text\n *   indented code\n */', 'text\n  indented code'],
    // A single line loses its indentation.
    ['/**\n *   indented\n */', 'indented'],
    ['/**\n   no stars\n */', 'no stars'],
    ['/**\r\n * crlf\r\n */', 'crlf'],
    ['/**\n *\n * blank lines around\n *\n */', 'blank lines around'],
    ['/** stars * inside */', 'stars * inside'],
  ])('%j', (raw, clean) => {
    expect(cleanDocComment(raw)).toBe(clean);
  });
});

describe('printDoc', () => {
  it('prints one line on one line and more lines as a block', () => {
    expect(printDoc(null, '')).toBe('');
    expect(printDoc('short', '    ')).toBe('    /** short */\n');
    expect(printDoc('a\n\nb', '')).toBe('/**\n * a\n *\n * b\n */\n');
  });

  it('cleans back to what it printed', () => {
    for (const doc of ['short', 'a\nb', 'a\n\nb', '  indented']) {
      const printed = printDoc(doc, '').trimEnd();
      expect(cleanDocComment(printed)).toBe(doc.includes('\n') ? doc : doc.trim());
    }
  });
});

describe('attachment', () => {
  const docs = (text: string) => {
    const r = parseIdl('doc.idl', text, { noPreprocess: true });
    expect(r.diagnostics).toEqual([]);
    return r.ast.statements.map((s) => ('doc' in s ? s.doc : undefined));
  };

  it('attaches a doc comment to the declaration right after it', () => {
    expect(docs('/** The interface. */\ninterface IFoo;\n\n/** A type. */ typedef int T;')).toEqual(['The interface.', 'A type.']);
  });

  it('does not attach banners, empty comments, ordinary or line comments', () => {
    expect(docs('/*****\n * banner\n *****/\ninterface A;\n/**/ interface B;\n/* plain */ interface C;\n/// triple\ninterface D;')).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('does not attach across anything but whitespace', () => {
    expect(docs('/** lost */\n;\ninterface A;\n/** lost too */ cpp_quote("x")\ninterface B;')).toEqual([null, undefined, null]);
  });

  it('takes the last doc comment when several precede', () => {
    expect(docs('/** first */\n/** second */\ninterface A;')).toEqual(['second']);
  });

  it('survives printing and parsing again', () => {
    const text = '/**\n * Two\n * lines.\n */\ninterface IFoo\n{\n    /** Method. */\n    HRESULT F(void);\n}\n';
    const r = parseIdl('doc.idl', text, { noPreprocess: true });
    expect(printIdlFile(r.ast)).toBe(text);
  });
});
