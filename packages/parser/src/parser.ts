/**
 * The MIDL grammar: one Chevrotain EmbeddedActionsParser whose rules return AST nodes directly, for valid
 * input and input with errors alike. Rules are named after MIDL/widl grammar productions; the node types and
 * printers live in `ast/`, one file per production. A node's span runs from the first token its rule consumed
 * to the last (`LA(1)` on entry, `LA(0)` on exit).
 *
 * Why embedded actions rather than a CstParser and a visitor (ARCHITECTURE point 2 allows both; its example is
 * the CST form): over Wine's corpus (1.44M tokens) this parser builds the AST in 0.86-1.01 s, recovery on or
 * off alike (0.89-0.98 s with it); Chevrotain's CST and a pass building the AST from it took 2.85-3.93 s.
 *
 * Error recovery is on, so one run reports every syntax error. Recovery can hand a rule partial results: a
 * sub-rule that recovered by re-synchronizing returns undefined, and a token recovery inserted has an empty
 * image and no offset. Rules take that into account: a node that lacks a part it cannot do without is not
 * built (the rule returns undefined), and lists leave such nodes out; so the AST of input with errors holds
 * what recovery could make whole, and its errors are reported.
 *
 * During Chevrotain's recording phase (the grammar is recorded once, at construction) the rules run with
 * placeholders for tokens and sub-rule results; code that uses them returns early there (`RECORDING_PHASE`),
 * as `ACTION` would, without a closure per rule invocation.
 */
import { EmbeddedActionsParser, tokenMatcher, type IOrAlt, type IRuleConfig, type IToken, type OrMethodOpts, type ParserMethod } from 'chevrotain';
import { pointerTypeArgument, type Attribute, type AttributeArgument } from './ast/attribute';
import type { CoclassDeclaration, CoclassMember } from './ast/coclass-declaration';
import type { CppQuote } from './ast/cpp-quote';
import { declarationOf, type InitDeclarator } from './ast/declaration';
import {
  declaredName,
  isEmptyDeclarator,
  type ArraySuffix,
  type Declarator,
  type DeclaratorPrefix,
  type DeclaratorSuffix,
  type Parameter,
  type ParametersSuffix,
} from './ast/declarator';
import type { DispinterfaceBody, DispinterfaceDeclaration, DispinterfaceMember } from './ast/dispinterface-declaration';
import { combineBinary, decodeStringLiteral, type Expression, type UnaryExpression } from './ast/expression';
import type { IdlFile } from './ast/idl-file';
import type { ImportStatement, ImportlibStatement } from './ast/import-statement';
import type { InterfaceDeclaration, InterfaceMember } from './ast/interface-declaration';
import type { LibraryDeclaration, ModuleDeclaration, NamespaceDeclaration } from './ast/library-declaration';
import { emptySpanAfter, type BuildContext, type Span } from './ast/node';
import { pragmaOf, type MidlPragma, type Pragma } from './ast/pragma';
import type { Statement } from './ast/statement';
import type {
  EncapsulatedUnionType,
  EnumMember,
  EnumType,
  Field,
  FieldDeclarator,
  StructMember,
  StructType,
  UnionArm,
  UnionType,
} from './ast/struct-type';
import type { TypedefDeclaration } from './ast/typedef-declaration';
import type { BaseType, DeclarationSpecifiers, Pointer, SafeArrayType, TypeName, TypeReference, TypeSpecifier } from './ast/type-specifier';
import type { ApicontractDeclaration, DeclareBlock, DelegateDeclaration } from './ast/winrt-declaration';
import {
  isAttributeListAhead,
  isCast,
  isNestedDeclarator,
  isSafeArray,
  isShiftEnd,
  isTrailingStar,
  startsTypeOnly,
  type Lookahead,
} from './lookahead';
import { countingMessages, MAX_EXPRESSION_DEPTH, MAX_RULE_DEPTH, ParseStoppedError, type ErrorCount } from './parse-limits';
import * as T from './tokens';

/** What a rule returns during the recording phase, where nobody reads it. */
const RECORDING = undefined as never;

/**
 * The span of an empty declarator until its parent places it: an abstract declarator consumed no token and
 * gets an empty span after what precedes it (`emptySpanAfter`), which only the parent knows.
 */
const UNPLACED: Span = Object.freeze({ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 });

/** A declaration's specifiers and declarators, before it is known to be a method, a constant or neither. */
interface DeclarationParts {
  kind: 'declaration-parts';
  specifiers: DeclarationSpecifiers;
  declarators: InitDeclarator[];
}

/**
 * What an attributed statement's or member's own rule returns: the node without the attributes, doc comment
 * and span of the enclosing statement, which the enclosing rule fills in (`attach`).
 */
type Headless =
  | InterfaceDeclaration
  | DispinterfaceDeclaration
  | CoclassDeclaration
  | LibraryDeclaration
  | ModuleDeclaration
  | ApicontractDeclaration
  | DelegateDeclaration
  | TypedefDeclaration
  | DeclarationParts;

/** A dispinterface member before it is known to be a property or a method. */
interface DispinterfaceMemberParts {
  attributes: Attribute[];
  doc: string | null;
  span: Span;
  parts: DeclarationParts;
}

/** One postfix part of a unary expression: `.name`, `->name` or `[index]`. */
type PostfixPart = { operator: '.' | '->'; name: IToken; index: null } | { operator: '['; name: null; index: Expression | undefined };

interface InterfaceBody {
  base: TypeName | null;
  requires: TypeName[];
  members: InterfaceMember[];
}

export class MidlParser extends EmbeddedActionsParser {
  /**
   * Each `OR`'s alternatives, made on its first run and reused: an alternatives array written inline is a new
   * array of objects and closures on every run of its rule, millions of short-lived allocations over a large
   * file. The closures refer only to `this`, so one set serves every parse.
   */
  private readonly alternatives: Record<string, IOrAlt<unknown>[] | OrMethodOpts<unknown> | undefined> = {};
  /** The token stream as the grammar's lookahead predicates (`lookahead.ts`) read it. */
  private readonly lookahead: Lookahead = { LA: (howMuch) => this.LA(howMuch) };
  /** Spans and doc comments of the file being parsed. */
  private ctx!: BuildContext;
  /** How many rules are active: the rule stack's depth, kept by `rule`. */
  private depth = 0;
  /**
   * What the current parse has taken so far: rule invocations, and the most rules active at once (which
   * `MAX_RULE_DEPTH` bounds). Tests of the limits read it.
   */
  readonly work = { rules: 0, peakDepth: 0, peakExpressionDepth: 0 };
  /**
   * The depth of the expression tree the last expression rule built (a leaf is 1): rules build expressions
   * bottom-up and each reads its operands' depth here right after parsing them. See `MAX_EXPRESSION_DEPTH`.
   */
  private exprDepth = 0;
  /** The file's statements so far, for a parse that only the end of the input resynchronized (`idlFile`). */
  private statements: Statement[] = [];
  /** Syntax errors so far in the current parse; see `MAX_SYNTAX_ERRORS`. */
  private readonly count: ErrorCount;

  constructor(options: { validate?: boolean } = {}) {
    const count = { errors: 0 };
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 4,
      errorMessageProvider: countingMessages(count),
      // Grammar validation is costly at start-up; a unit test runs it (`validate`) on every change of the grammar.
      skipValidations: !(options.validate ?? false),
    });
    this.count = count;
    this.performSelfAnalysis();
  }

  /**
   * Parses a file's tokens to its AST. `ctx` gives spans and doc comments. The syntax errors are in `errors`
   * afterwards; the AST then holds what recovery could make whole. Throws `ParseStoppedError` where the input
   * nests too deeply or holds too many errors.
   */
  parseFile(tokens: IToken[], file: string, ctx: BuildContext): IdlFile {
    this.input = tokens;
    this.ctx = ctx;
    const statements = this.idlFile();
    return { kind: 'idl-file', file, statements: statements ?? [] };
  }

  /** A new input: no rule active, no error counted (Chevrotain resets its own state here). */
  override reset(): void {
    super.reset();
    this.depth = 0;
    this.count.errors = 0;
    this.work.rules = 0;
    this.work.peakDepth = 0;
    this.work.peakExpressionDepth = 0;
    this.exprDepth = 0;
  }

  /**
   * Defines a grammar rule that counts towards `MAX_RULE_DEPTH`: a rule entered with that many rules active
   * stops the parse with `ParseStoppedError`, before it consumes anything. The `finally` keeps the count right
   * when a rule ends in an exception (a syntax error that an enclosing rule recovers from, or the stop).
   */
  private rule<R>(name: string, impl: () => R, config?: IRuleConfig<R | undefined>): ParserMethod<[], R | undefined> {
    return this.RULE(
      name,
      (): R | undefined => {
        if (this.depth >= MAX_RULE_DEPTH) throw new ParseStoppedError('too-deep', this.LA(1));
        const work = this.work;
        work.rules++;
        if (++this.depth > work.peakDepth) work.peakDepth = this.depth;
        try {
          return impl();
        } finally {
          this.depth--;
        }
      },
      config,
    );
  }

  // ---- files and statements -------------------------------------------------------------------------

  public idlFile = this.rule(
    'idlFile',
    (): Statement[] => {
      const statements: Statement[] = (this.statements = []);
      this.MANY(() => add(statements, this.SUBRULE(this.statement)));
      return statements;
    },
    {
      // An error that nothing but the end of the input resynchronizes with (a file that ends inside a
      // declaration) ends the whole parse here: the statements before the one it interrupted are kept.
      recoveryValueFunc: () => this.statements,
    },
  );

  /** A statement; a lone `;` is null. */
  public statement = this.rule(
    'statement',
    (): Statement | null | undefined =>
      this.OR(
        (this.alternatives.statement ??= [
          { ALT: () => this.SUBRULE(this.importStatement) },
          { ALT: () => this.SUBRULE(this.importlibStatement) },
          { ALT: () => this.SUBRULE(this.cppQuote) },
          { ALT: () => this.SUBRULE(this.midlPragma) },
          { ALT: () => this.pragma(this.CONSUME(T.PragmaLine)) },
          { ALT: () => this.nothing(this.CONSUME(T.Semicolon)) },
          { ALT: () => this.SUBRULE(this.namespaceDeclaration) },
          { ALT: () => this.SUBRULE(this.declareBlock) },
          { ALT: () => this.SUBRULE(this.attributedStatement) },
        ]),
      ) as Statement | null | undefined,
  );

  /** A statement that may carry an attribute list: every declaration kind. */
  public attributedStatement = this.rule('attributedStatement', (): Statement | undefined => {
    const first = this.LA(1);
    const attributes = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? [];
    const body = this.OR(
      (this.alternatives.attributedStatement ??= [
        { ALT: () => this.SUBRULE(this.interfaceDeclaration) },
        { ALT: () => this.SUBRULE(this.dispinterfaceDeclaration) },
        { ALT: () => this.SUBRULE(this.coclassDeclaration) },
        { ALT: () => this.SUBRULE(this.libraryDeclaration) },
        { ALT: () => this.SUBRULE(this.moduleDeclaration) },
        { ALT: () => this.SUBRULE(this.apicontractDeclaration) },
        { ALT: () => this.SUBRULE(this.delegateDeclaration) },
        { ALT: () => this.SUBRULE(this.typedefDeclaration) },
        { ALT: () => this.SUBRULE(this.declaration) },
      ]),
    ) as Headless | undefined;
    if (this.RECORDING_PHASE) return RECORDING;
    if (body === undefined) return undefined;
    return attach(body, attributes, this.ctx.docBefore(first.startOffset), this.spanFrom(first), true);
  });

  public importStatement = this.rule('importStatement', (): ImportStatement => {
    const first = this.CONSUME(T.Import);
    const files: string[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => files.push(decodeStringLiteral(this.CONSUME(T.StringLiteral).image)) });
    const last = this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'import', files, span: this.span(first, last) };
  });

  public importlibStatement = this.rule('importlibStatement', (): ImportlibStatement => {
    const first = this.CONSUME(T.Importlib);
    this.CONSUME(T.LParen);
    const file = this.CONSUME(T.StringLiteral);
    this.CONSUME(T.RParen);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'importlib', file: decodeStringLiteral(file.image), span: this.spanFrom(first) };
  });

  public cppQuote = this.rule('cppQuote', (): CppQuote => {
    const first = this.CONSUME(T.CppQuote);
    this.CONSUME(T.LParen);
    const literal = this.CONSUME(T.StringLiteral).image;
    this.CONSUME(T.RParen);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'cpp-quote', literal, text: decodeStringLiteral(literal), span: this.spanFrom(first) };
  });

  /** `midl_pragma warning (disable: 2111 2400)`: kept as its raw token text. */
  public midlPragma = this.rule('midlPragma', (): MidlPragma | undefined => {
    const first = this.CONSUME(T.MidlPragma);
    const name = this.CONSUME(T.Identifier).image;
    const argument = this.SUBRULE(this.balancedParens);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    if (this.RECORDING_PHASE) return RECORDING;
    if (argument === undefined) return undefined;
    return { kind: 'midl-pragma', name, argument, span: this.spanFrom(first) };
  });

  /** The parenthesized tokens joined by single spaces, nested parentheses included. */
  public balancedParens = this.rule('balancedParens', (): string => {
    let text = this.CONSUME(T.LParen).image;
    this.MANY(() => {
      const part = this.OR(
        (this.alternatives.balancedParens ??= [
          { ALT: () => this.SUBRULE(this.balancedParens) },
          { ALT: () => this.CONSUME(T.AnyWord).image },
          { ALT: () => this.CONSUME(T.NumberLiteral).image },
          { ALT: () => this.CONSUME(T.StringLiteral).image },
          { ALT: () => this.CONSUME(T.Colon).image },
          { ALT: () => this.CONSUME(T.Comma).image },
          { ALT: () => this.CONSUME(T.Minus).image },
        ]),
      ) as string | undefined;
      if (part !== undefined) text += ' ' + part;
    });
    return text + ' ' + this.CONSUME(T.RParen).image;
  });

  // ---- attributes --------------------------------------------------------------------------------------

  public attributeList = this.rule('attributeList', (): Attribute[] => {
    const attributes: Attribute[] = [];
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.LBracket);
      // MIDL tolerates empty entries: `[object, uuid(...), ]`.
      this.OPTION(() => add(attributes, this.SUBRULE(this.attribute)));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.OPTION2(() => add(attributes, this.SUBRULE2(this.attribute)));
      });
      this.CONSUME(T.RBracket);
    });
    return attributes;
  });

  /**
   * An attribute; arguments may be empty, as in `size_is(, *pcb)`, and keep their comma-separated slots. An
   * argument recovery could not make whole leaves its slot empty.
   */
  public attribute = this.rule('attribute', (): Attribute => {
    const first = this.CONSUME(T.AnyWord);
    let args: (AttributeArgument | null)[] | null = null;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      const slots: (AttributeArgument | null)[] = [this.OPTION2(() => this.SUBRULE(this.attributeArgument)) ?? null];
      this.MANY(() => {
        this.CONSUME(T.Comma);
        slots.push(this.OPTION3(() => this.SUBRULE2(this.attributeArgument)) ?? null);
      });
      this.CONSUME(T.RParen);
      args = slots.length === 1 && slots[0] === null ? [] : slots;
    });
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'attribute', name: first.image, arguments: args, span: this.spanFrom(first) };
  });

  public attributeArgument = this.rule(
    'attributeArgument',
    (): AttributeArgument | undefined =>
      this.OR(
        (this.alternatives.attributeArgument ??= {
        DEF: [
          {
            ALT: () => {
              const uuid = this.CONSUME(T.Uuid);
              if (this.RECORDING_PHASE) return RECORDING;
              return { kind: 'uuid', value: uuid.image, span: this.span(uuid, uuid) };
            },
          },
          {
            GATE: () => startsTypeOnly(this.lookahead),
            ALT: () => {
              const type = this.SUBRULE(this.typeReference);
              if (this.RECORDING_PHASE) return RECORDING;
              return type && { kind: 'type', type, span: type.span };
            },
          },
          {
            ALT: () => {
              const first = this.LA(1);
              const expr = this.SUBRULE(this.expression);
              // `transmit_as(T *)`: a type name followed only by pointers.
              let stars = 0;
              this.MANY(() => {
                this.CONSUME(T.Star);
                stars++;
              });
              if (this.RECORDING_PHASE) return RECORDING;
              return stars && expr ? pointerTypeArgument(expr, stars, this.spanFrom(first)) : expr;
            },
          },
        ],
        // A uuid starts only the first alternative; a type keyword (the gate) only the second, which nothing
        // else starts with; the expression is last and takes everything else.
        MAX_LOOKAHEAD: 1,
      }),
      ) as AttributeArgument | undefined,
  );

  // ---- interfaces and friends ---------------------------------------------------------------------------

  public interfaceDeclaration = this.rule('interfaceDeclaration', (): InterfaceDeclaration | undefined => {
    this.CONSUME(T.Interface);
    const name = this.SUBRULE(this.qualifiedName);
    const templateParameters = this.OPTION(() => this.SUBRULE(this.templateParameters)) ?? null;
    const body = this.OR(
      (this.alternatives.interfaceDeclaration ??= [
        { ALT: () => this.nothing(this.CONSUME(T.Semicolon)) },
        {
          ALT: (): InterfaceBody | undefined => {
            let base: TypeName | null | undefined = null;
            const requires: TypeName[] = [];
            const members: InterfaceMember[] = [];
            this.OPTION2(() => {
              this.CONSUME(T.Colon);
              base = this.SUBRULE(this.typeName);
            });
            this.OPTION3(() => {
              this.CONSUME(T.Requires);
              this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => add(requires, this.SUBRULE2(this.typeName)) });
            });
            this.CONSUME(T.LCurly);
            this.MANY(() => add(members, this.SUBRULE(this.interfaceMember)));
            this.CONSUME(T.RCurly);
            this.OPTION4(() => this.CONSUME2(T.Semicolon));
            // Without its base, the interface's vtable would be another one.
            return (base as TypeName | null | undefined) === undefined ? undefined : { base, requires, members };
          },
        },
      ]),
    ) as InterfaceBody | null | undefined;
    if (this.RECORDING_PHASE) return RECORDING;
    if (name === undefined || body === undefined) return undefined;
    return {
      kind: 'interface',
      attributes: [],
      doc: null,
      name,
      templateParameters,
      base: body ? body.base : null,
      requires: body ? body.requires : [],
      members: body ? body.members : null,
      span: UNPLACED,
    };
  });

  public templateParameters = this.rule('templateParameters', (): string[] => {
    const names: string[] = [];
    this.CONSUME(T.Less);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => names.push(this.CONSUME(T.Name).image) });
    this.CONSUME(T.Greater);
    return names;
  });

  /** A member of an interface or module body; a lone `;` is null. */
  public interfaceMember = this.rule(
    'interfaceMember',
    (): InterfaceMember | null | undefined =>
      this.OR(
        (this.alternatives.interfaceMember ??= [
          { ALT: () => this.SUBRULE(this.cppQuote) },
          { ALT: () => this.pragma(this.CONSUME(T.PragmaLine)) },
          { ALT: () => this.SUBRULE(this.midlPragma) },
          { ALT: () => this.SUBRULE(this.importStatement) },
          { ALT: () => this.nothing(this.CONSUME(T.Semicolon)) },
          {
            ALT: () => {
              const first = this.LA(1);
              const attributes = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? [];
              const body = this.OR2(
                (this.alternatives.interfaceMember2 ??= [
                  { ALT: () => this.SUBRULE(this.typedefDeclaration) },
                  { ALT: () => this.SUBRULE(this.declaration) },
                ]),
              ) as TypedefDeclaration | DeclarationParts | undefined;
              if (this.RECORDING_PHASE) return RECORDING;
              if (body === undefined) return undefined;
              return attach(body, attributes, this.ctx.docBefore(first.startOffset), this.spanFrom(first), true) as InterfaceMember;
            },
          },
        ]),
      ) as InterfaceMember | null | undefined,
  );

  public dispinterfaceDeclaration = this.rule('dispinterfaceDeclaration', (): DispinterfaceDeclaration | undefined => {
    this.CONSUME(T.Dispinterface);
    const name = this.SUBRULE(this.qualifiedName);
    const body = this.OR(
      (this.alternatives.dispinterfaceDeclaration ??= [
        { ALT: () => this.nothing(this.CONSUME(T.Semicolon)) },
        {
          ALT: () => {
            this.CONSUME(T.LCurly);
            const inner = this.OR2(
              (this.alternatives.dispinterfaceDeclaration2 ??= [
                {
                  ALT: (): DispinterfaceBody | undefined => {
                    this.CONSUME(T.Interface);
                    const iface = this.SUBRULE(this.typeName);
                    this.CONSUME2(T.Semicolon);
                    return iface && { kind: 'interface', interface: iface };
                  },
                },
                {
                  ALT: (): DispinterfaceBody => {
                    const properties: DispinterfaceMember[] = [];
                    const methods: DispinterfaceMember[] = [];
                    this.OPTION(() => {
                      this.CONSUME(T.Properties);
                      this.CONSUME(T.Colon);
                      this.MANY(() => add(properties, this.dispinterfaceMemberOf(this.SUBRULE(this.dispinterfaceMember), false)));
                    });
                    this.OPTION2(() => {
                      this.CONSUME(T.Methods);
                      this.CONSUME2(T.Colon);
                      this.MANY2(() => add(methods, this.dispinterfaceMemberOf(this.SUBRULE2(this.dispinterfaceMember), true)));
                    });
                    return { kind: 'members', properties, methods };
                  },
                },
              ]),
            ) as DispinterfaceBody | undefined;
            this.CONSUME(T.RCurly);
            this.OPTION3(() => this.CONSUME3(T.Semicolon));
            return inner;
          },
        },
      ]),
    ) as DispinterfaceBody | null | undefined;
    if (this.RECORDING_PHASE) return RECORDING;
    if (name === undefined || body === undefined) return undefined;
    return { kind: 'dispinterface', attributes: [], doc: null, name, body, span: UNPLACED };
  });

  public dispinterfaceMember = this.rule('dispinterfaceMember', (): DispinterfaceMemberParts | undefined => {
    const first = this.LA(1);
    const attributes = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? [];
    const parts = this.SUBRULE(this.declaration);
    if (this.RECORDING_PHASE) return RECORDING;
    if (parts === undefined) return undefined;
    return { attributes, doc: this.ctx.docBefore(first.startOffset), span: this.spanFrom(first), parts };
  });

  /** `coclass C { ... }` and WinRT's `runtimeclass R { ... }`, which share their body and member form. */
  public coclassDeclaration = this.rule('coclassDeclaration', (): CoclassDeclaration | undefined => {
    const keyword = this.OR2(
      (this.alternatives.coclassDeclaration2 ??= [{ ALT: () => this.CONSUME(T.Coclass) }, { ALT: () => this.CONSUME(T.Runtimeclass) }]),
    ) as IToken;
    const name = this.SUBRULE(this.qualifiedName);
    // A runtime class may derive from another one, `runtimeclass Derived : Base { ... }` (widl's `inherit`).
    const base =
      this.OPTION3({
        GATE: () => keyword.tokenType === T.Runtimeclass,
        DEF: () => {
          this.CONSUME(T.Colon);
          return this.SUBRULE(this.typeName);
        },
      }) ?? null;
    const members = this.OR(
      (this.alternatives.coclassDeclaration ??= [
        { ALT: () => this.nothing(this.CONSUME(T.Semicolon)) },
        {
          ALT: () => {
            const list: CoclassMember[] = [];
            this.CONSUME(T.LCurly);
            this.MANY(() => add(list, this.SUBRULE(this.coclassMember)));
            this.CONSUME(T.RCurly);
            this.OPTION(() => this.CONSUME2(T.Semicolon));
            return list;
          },
        },
      ]),
    ) as CoclassMember[] | null;
    if (this.RECORDING_PHASE) return RECORDING;
    if (name === undefined || base === undefined) return undefined;
    return {
      kind: keyword.tokenType === T.Runtimeclass ? 'runtimeclass' : 'coclass',
      attributes: [],
      doc: null,
      name,
      base,
      members,
      span: UNPLACED,
    };
  });

  /** `[default, source] interface IFoo;` in a coclass or runtimeclass body. */
  public coclassMember = this.rule('coclassMember', (): CoclassMember | undefined => {
    const first = this.LA(1);
    const attributes = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? [];
    const keyword = this.OR(
      (this.alternatives.coclassMember ??= [{ ALT: () => this.CONSUME(T.Interface) }, { ALT: () => this.CONSUME(T.Dispinterface) }]),
    ) as IToken;
    const type = this.SUBRULE(this.typeName);
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return RECORDING;
    if (type === undefined) return undefined;
    return {
      kind: 'coclass-member',
      attributes,
      keyword: keyword.tokenType === T.Dispinterface ? 'dispinterface' : 'interface',
      type,
      span: this.spanFrom(first),
    };
  });

  public libraryDeclaration = this.rule('libraryDeclaration', (): LibraryDeclaration => {
    this.CONSUME(T.Library);
    const name = this.CONSUME(T.Name).image;
    const statements: Statement[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => add(statements, this.SUBRULE(this.statement)));
    this.CONSUME(T.RCurly);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    return { kind: 'library', attributes: [], doc: null, name, statements, span: UNPLACED };
  });

  public moduleDeclaration = this.rule('moduleDeclaration', (): ModuleDeclaration => {
    this.CONSUME(T.Module);
    const name = this.CONSUME(T.Name).image;
    const members: InterfaceMember[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => add(members, this.SUBRULE(this.interfaceMember)));
    this.CONSUME(T.RCurly);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    return { kind: 'module', attributes: [], doc: null, name, members, span: UNPLACED };
  });

  public namespaceDeclaration = this.rule('namespaceDeclaration', (): NamespaceDeclaration | undefined => {
    const first = this.CONSUME(T.Namespace);
    const name = this.SUBRULE(this.qualifiedName);
    const statements: Statement[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => add(statements, this.SUBRULE(this.statement)));
    this.CONSUME(T.RCurly);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    if (this.RECORDING_PHASE) return RECORDING;
    if (name === undefined) return undefined;
    return { kind: 'namespace', name, statements, span: this.spanFrom(first) };
  });

  /** `declare { interface A.B.IVector<HSTRING>; }`: instantiations of parameterized interfaces. */
  public declareBlock = this.rule('declareBlock', (): DeclareBlock => {
    const first = this.CONSUME(T.Declare);
    const interfaces: TypeName[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.CONSUME(T.Interface);
      add(interfaces, this.SUBRULE(this.typeName));
      this.CONSUME(T.Semicolon);
    });
    this.CONSUME(T.RCurly);
    this.OPTION(() => this.CONSUME2(T.Semicolon));
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'declare', interfaces, span: this.spanFrom(first) };
  });

  public apicontractDeclaration = this.rule('apicontractDeclaration', (): ApicontractDeclaration | undefined => {
    this.CONSUME(T.Apicontract);
    const name = this.SUBRULE(this.qualifiedName);
    const defined = this.OR(
      (this.alternatives.apicontractDeclaration ??= [
        { ALT: () => this.CONSUME(T.Semicolon) && false },
        {
          ALT: () => {
            this.CONSUME(T.LCurly);
            this.CONSUME(T.RCurly);
            this.OPTION(() => this.CONSUME2(T.Semicolon));
            return true;
          },
        },
      ]),
    ) as boolean;
    if (name === undefined) return undefined;
    return { kind: 'apicontract', attributes: [], doc: null, name, defined, span: UNPLACED };
  });

  /** `delegate HRESULT Handler<T>([in] T args);`: an interface with one `Invoke` method. */
  public delegateDeclaration = this.rule('delegateDeclaration', (): DelegateDeclaration | undefined => {
    this.CONSUME(T.Delegate);
    const returnType = this.SUBRULE(this.declarationSpecifiers);
    const name = this.SUBRULE(this.qualifiedName);
    const templateParameters = this.OPTION(() => this.SUBRULE(this.templateParameters)) ?? null;
    const params = this.SUBRULE(this.parameterList);
    // widl's `delegatedef` ends in `semicolon_opt`.
    this.OPTION2(() => this.CONSUME(T.Semicolon));
    if (this.RECORDING_PHASE) return RECORDING;
    if (returnType === undefined || name === undefined || params === undefined) return undefined;
    return {
      kind: 'delegate',
      attributes: [],
      doc: null,
      returnType,
      name,
      templateParameters,
      parameters: params.parameters,
      variadic: params.variadic,
      span: UNPLACED,
    };
  });

  // ---- declarations -------------------------------------------------------------------------------------

  /** A typedef with the attributes written after `typedef`; those before it are added by `attach`. */
  public typedefDeclaration = this.rule('typedefDeclaration', (): TypedefDeclaration | undefined => {
    this.CONSUME(T.Typedef);
    const attributes = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? [];
    const specifiers = this.SUBRULE(this.declarationSpecifiers);
    const declarators: Declarator[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => add(declarators, this.SUBRULE(this.declarator)) });
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return RECORDING;
    if (specifiers === undefined) return undefined;
    for (const d of declarators) place(d, specifiers.span);
    return {
      kind: 'typedef',
      attributes,
      doc: null,
      specifiers,
      declarators,
      names: declarators.map((d) => declaredName(d) ?? ''),
      span: UNPLACED,
    };
  });

  /**
   * Specifiers then zero or more declarators: methods, functions, variables, bare struct/enum definitions,
   * and constants. Which of them it is, the enclosing rule decides (`declarationOf`).
   */
  public declaration = this.rule('declaration', (): DeclarationParts | undefined => {
    const specifiers = this.SUBRULE(this.declarationSpecifiers);
    const declarators: InitDeclarator[] = [];
    this.MANY_SEP({ SEP: T.Comma, DEF: () => add(declarators, this.SUBRULE(this.initDeclarator)) });
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return RECORDING;
    if (specifiers === undefined) return undefined;
    for (const d of declarators) place(d.declarator, specifiers.span);
    return { kind: 'declaration-parts', specifiers, declarators };
  });

  public initDeclarator = this.rule('initDeclarator', (): InitDeclarator | undefined => {
    const declarator = this.SUBRULE(this.declarator);
    const initializer =
      this.OPTION(() => {
        this.CONSUME(T.Equals);
        return this.SUBRULE(this.expression);
      }) ?? null;
    return declarator && { declarator, initializer };
  });

  /** Qualifiers, storage classes and calling conventions around one type specifier. */
  public declarationSpecifiers = this.rule('declarationSpecifiers', (): DeclarationSpecifiers | undefined => {
    const first = this.LA(1);
    const qualifiers: string[] = [];
    const storage: string[] = [];
    let callingConvention: string | null = null;
    this.MANY(() => {
      const word = this.OR(
        (this.alternatives.declarationSpecifiers ??= [
          { ALT: () => this.CONSUME(T.Const) },
          { ALT: () => this.CONSUME(T.Volatile) },
          { ALT: () => this.CONSUME(T.StorageClass) },
          { ALT: () => this.CONSUME(T.CallingConvention) },
        ]),
      ) as IToken;
      if (word.tokenType === T.Const || word.tokenType === T.Volatile) qualifiers.push(word.image);
      else if (tokenMatcher(word, T.StorageClass)) storage.push(word.image);
      else callingConvention = word.image;
    });
    const type = this.OR2(
      (this.alternatives.declarationSpecifiers2 ??= [
        { ALT: () => this.SUBRULE(this.baseType) },
        { ALT: () => this.SUBRULE(this.structType) },
        { ALT: () => this.SUBRULE(this.unionType) },
        { ALT: () => this.SUBRULE(this.enumType) },
        {
          GATE: () => isSafeArray(this.lookahead),
          ALT: () => this.SUBRULE(this.safeArrayType),
        },
        { ALT: () => this.SUBRULE(this.typeName) },
      ]),
    ) as TypeSpecifier | undefined;
    this.MANY2(() => {
      const word = this.OR3(
        (this.alternatives.declarationSpecifiers3 ??= [{ ALT: () => this.CONSUME2(T.Const) }, { ALT: () => this.CONSUME2(T.Volatile) }]),
      ) as IToken;
      qualifiers.push(word.image);
    });
    if (this.RECORDING_PHASE) return RECORDING;
    if (type === undefined) return undefined;
    return { kind: 'specifiers', qualifiers, storage, callingConvention, type, span: this.spanFrom(first) };
  });

  /** `unsigned long int`, `signed char`, `unsigned`, `__int64`, `void`... */
  public baseType = this.rule('baseType', (): BaseType => {
    const first = this.LA(1);
    const name = this.OR(
      (this.alternatives.baseType ??= [
        {
          ALT: () => {
            let words = (
              this.OR2((this.alternatives.baseType2 ??= [{ ALT: () => this.CONSUME(T.Signed) }, { ALT: () => this.CONSUME(T.Unsigned) }])) as IToken
            ).image;
            this.MANY(() => (words += ' ' + this.CONSUME(T.BaseTypeKeyword).image));
            return words;
          },
        },
        {
          ALT: () => {
            let words = '';
            this.AT_LEAST_ONE(() => {
              const word = this.CONSUME2(T.BaseTypeKeyword).image;
              words = words ? words + ' ' + word : word;
            });
            return words;
          },
        },
      ]),
    ) as string;
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'base-type', name, span: this.spanFrom(first) };
  });

  /** A possibly qualified, possibly parameterized type name: `IUnknown`, `A.B.IVector<HSTRING>`. */
  public typeName = this.rule('typeName', (): TypeName => {
    const first = this.CONSUME(T.Name);
    let name = first.image;
    this.MANY(() => {
      this.CONSUME(T.Dot);
      name += '.' + this.CONSUME2(T.Name).image;
    });
    const typeArguments =
      this.OPTION(() => {
        const args: TypeReference[] = [];
        this.CONSUME(T.Less);
        this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => add(args, this.SUBRULE(this.typeReference)) });
        this.CONSUME(T.Greater);
        return args;
      }) ?? null;
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'type-name', name, typeArguments, span: this.spanFrom(first) };
  });

  public qualifiedName = this.rule('qualifiedName', (): string => {
    let name = this.CONSUME(T.Name).image;
    this.MANY(() => {
      this.CONSUME(T.Dot);
      name += '.' + this.CONSUME2(T.Name).image;
    });
    return name;
  });

  /** `SAFEARRAY(VARIANT)`; a bare `SAFEARRAY` is an ordinary type name. */
  public safeArrayType = this.rule('safeArrayType', (): SafeArrayType | undefined => {
    const first = this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    const element = this.SUBRULE(this.typeReference);
    const last = this.CONSUME(T.RParen);
    if (this.RECORDING_PHASE) return RECORDING;
    return element && { kind: 'safearray', element, span: this.span(first, last) };
  });

  /** A type with an optional abstract declarator: `unsigned long`, `IFoo **`, `const WCHAR *`. */
  public typeReference = this.rule('typeReference', (): TypeReference | undefined => {
    const first = this.LA(1);
    const specifiers = this.SUBRULE(this.declarationSpecifiers);
    const pointers: Pointer[] = [];
    this.MANY(() => add(pointers, this.SUBRULE(this.pointer)));
    if (this.RECORDING_PHASE) return RECORDING;
    return specifiers && { kind: 'type-reference', specifiers, pointers, span: this.spanFrom(first) };
  });

  public structType = this.rule('structType', (): StructType => {
    const first = this.CONSUME(T.Struct);
    const name = this.OPTION(() => this.CONSUME(T.Name).image) ?? null;
    const members = this.OPTION2(() => this.SUBRULE(this.fieldBlock)) ?? null;
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'struct', name, members, span: this.spanFrom(first) };
  });

  public fieldBlock = this.rule('fieldBlock', (): StructMember[] => {
    const members: StructMember[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => add(members, this.SUBRULE(this.field)));
    this.CONSUME(T.RCurly);
    return members;
  });

  public field = this.rule(
    'field',
    (): StructMember | undefined =>
      this.OR(
        (this.alternatives.field ??= [
          { ALT: () => this.pragma(this.CONSUME(T.PragmaLine)) },
          { ALT: () => this.SUBRULE(this.cppQuote) },
          {
            ALT: (): Field | undefined => {
              const first = this.LA(1);
              const attributes = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? [];
              let specifiers: DeclarationSpecifiers | null | undefined = null;
              const declarators: FieldDeclarator[] = [];
              // An empty arm of a non-encapsulated union has no type: `[default] ;`.
              this.OPTION2(() => {
                specifiers = this.SUBRULE(this.declarationSpecifiers);
                this.MANY_SEP({ SEP: T.Comma, DEF: () => add(declarators, this.SUBRULE(this.fieldDeclarator)) });
              });
              this.CONSUME(T.Semicolon);
              if (this.RECORDING_PHASE) return RECORDING;
              if ((specifiers as DeclarationSpecifiers | null | undefined) === undefined) return undefined;
              const span = this.spanFrom(first);
              const after = (specifiers as DeclarationSpecifiers | null)?.span ?? span;
              for (const d of declarators) place(d.declarator, after);
              return {
                kind: 'field',
                attributes,
                doc: this.ctx.docBefore(first.startOffset),
                specifiers,
                // A nested definition without a name, `struct tagX {...};`, parses with one empty declarator.
                declarators: declarators.filter((d) => d.bits || !isEmptyDeclarator(d.declarator)),
                span,
              };
            },
          },
        ]),
      ) as StructMember | undefined,
  );

  /** A field's declarator with an optional bit width; both parts are optional (`int : 4;`). */
  public fieldDeclarator = this.rule('fieldDeclarator', (): FieldDeclarator | undefined => {
    const declarator = this.SUBRULE(this.declarator);
    const bits =
      this.OPTION(() => {
        this.CONSUME(T.Colon);
        return this.SUBRULE(this.expression);
      }) ?? null;
    return declarator && { declarator, bits };
  });

  public unionType = this.rule('unionType', (): UnionType | EncapsulatedUnionType | undefined => {
    const first = this.CONSUME(T.Union);
    const tag = this.OPTION(() => this.CONSUME(T.Name).image) ?? null;
    const body = this.OR(
      (this.alternatives.unionType ??= {
      DEF: [
        {
          // Encapsulated union: `union tag switch (DWORD kind) u { case 1: ... }`.
          ALT: () => {
            const arms: UnionArm[] = [];
            this.CONSUME(T.Switch);
            this.CONSUME(T.LParen);
            const switchType = this.SUBRULE(this.declarationSpecifiers);
            const switchName = this.CONSUME2(T.Name).image;
            this.CONSUME(T.RParen);
            const unionName = this.OPTION2(() => this.CONSUME3(T.Name).image) ?? null;
            this.CONSUME(T.LCurly);
            this.MANY(() => add(arms, this.SUBRULE(this.unionArm)));
            this.CONSUME(T.RCurly);
            return switchType && { switchType, switchName, unionName, arms };
          },
        },
        { ALT: () => this.OPTION3(() => this.SUBRULE(this.fieldBlock)) ?? null },
      ],
      // `switch` starts only the first alternative; the other one (a field block or nothing) is last.
      MAX_LOOKAHEAD: 1,
    }),
    ) as { switchType: DeclarationSpecifiers; switchName: string; unionName: string | null; arms: UnionArm[] } | StructMember[] | null | undefined;
    if (this.RECORDING_PHASE) return RECORDING;
    if (body === undefined) return undefined;
    const span = this.spanFrom(first);
    if (body !== null && !Array.isArray(body)) return { kind: 'encapsulated-union', name: tag, ...body, span };
    return { kind: 'union', name: tag, members: body, span };
  });

  public unionArm = this.rule('unionArm', (): UnionArm | undefined => {
    const first = this.LA(1);
    const labels: (Expression | null)[] = [];
    let complete = true;
    this.AT_LEAST_ONE(() => {
      const label = this.OR(
        (this.alternatives.unionArm ??= [
          {
            ALT: () => {
              this.CONSUME(T.Case);
              const label = this.SUBRULE(this.expression);
              this.CONSUME(T.Colon);
              return label;
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Default);
              this.CONSUME2(T.Colon);
              return null;
            },
          },
        ]),
      ) as Expression | null | undefined;
      if (label === undefined) complete = false;
      else labels.push(label);
    });
    // An empty arm, `case 3: ;`, is a field without type.
    const fieldStart = this.LA(1);
    const member = this.SUBRULE(this.field);
    if (this.RECORDING_PHASE) return RECORDING;
    if (!complete || member === undefined) return undefined;
    // A `#pragma` or `cpp_quote` in an arm's place is an empty field.
    const field: Field =
      member.kind === 'field'
        ? member
        : { kind: 'field', attributes: [], doc: this.ctx.docBefore(fieldStart.startOffset), specifiers: null, declarators: [], span: member.span };
    return { kind: 'union-arm', labels, field, span: this.spanFrom(first) };
  });

  public enumType = this.rule('enumType', (): EnumType => {
    const first = this.CONSUME(T.Enum);
    const name = this.OPTION(() => this.CONSUME(T.Name).image) ?? null;
    const members =
      this.OPTION2(() => {
        const list: EnumMember[] = [];
        this.CONSUME(T.LCurly);
        this.MANY(() => {
          add(list, this.SUBRULE(this.enumMember));
          this.OPTION3(() => this.CONSUME(T.Comma));
        });
        this.CONSUME(T.RCurly);
        return list;
      }) ?? null;
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'enum', name, members, span: this.spanFrom(first) };
  });

  public enumMember = this.rule('enumMember', (): EnumMember => {
    const first = this.LA(1);
    const attributes = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? [];
    const name = this.CONSUME(T.Name).image;
    const value =
      this.OPTION2(() => {
        this.CONSUME(T.Equals);
        return this.SUBRULE(this.expression);
      }) ?? null;
    if (this.RECORDING_PHASE) return RECORDING;
    return { kind: 'enum-member', attributes, doc: this.ctx.docBefore(first.startOffset), name, value, span: this.spanFrom(first) };
  });

  // ---- declarators --------------------------------------------------------------------------------------

  /**
   * `*`, `* const`, calling conventions, then a name or a parenthesized declarator, then suffixes. An empty
   * declarator's span is `UNPLACED` until its parent places it (`place`).
   */
  public declarator = this.rule('declarator', (): Declarator => {
    const first = this.LA(1);
    const prefix: DeclaratorPrefix[] = [];
    this.MANY(() =>
      add(
        prefix,
        this.OR(
          (this.alternatives.declarator ??= [
            { ALT: () => this.SUBRULE(this.pointer) },
            { ALT: () => ({ kind: 'calling-convention', name: this.CONSUME(T.CallingConvention).image }) },
          ]),
        ) as DeclaratorPrefix | undefined,
      ),
    );
    const core = this.OPTION(
      () =>
        this.OR2(
          (this.alternatives.declarator2 ??= [
            { ALT: () => this.CONSUME(T.Name).image },
            {
              GATE: () => isNestedDeclarator(this.lookahead),
              ALT: () => {
                const open = this.CONSUME(T.LParen);
                const nested = this.SUBRULE(this.declarator);
                this.CONSUME(T.RParen);
                if (this.RECORDING_PHASE) return RECORDING;
                if (nested !== undefined) place(nested, this.span(open, open));
                return nested;
              },
            },
          ]),
        ) as string | Declarator | undefined,
    );
    const suffixes: DeclaratorSuffix[] = [];
    this.MANY2({
      // The next declaration's attributes after a missing `;` are no array size.
      GATE: () => !isAttributeListAhead(this.lookahead),
      DEF: () =>
        add(
          suffixes,
          this.OR3(
            (this.alternatives.declarator3 ??= [
              { ALT: () => this.SUBRULE(this.arraySuffix) },
              { ALT: () => this.SUBRULE(this.parameterList) },
            ]),
          ) as DeclaratorSuffix | undefined,
        ),
    });
    if (this.RECORDING_PHASE) return RECORDING;
    const last = this.LA(0);
    return {
      kind: 'declarator',
      prefix,
      name: typeof core === 'string' ? core : null,
      nested: typeof core === 'object' ? core : null,
      suffixes,
      span: first.startOffset <= last.startOffset ? this.span(first, last) : UNPLACED,
    };
  });

  public pointer = this.rule('pointer', (): Pointer => {
    this.CONSUME(T.Star);
    const qualifiers: string[] = [];
    this.MANY(() =>
      qualifiers.push(
        (this.OR((this.alternatives.pointer ??= [{ ALT: () => this.CONSUME(T.Const) }, { ALT: () => this.CONSUME(T.Volatile) }])) as IToken).image,
      ),
    );
    return { kind: 'pointer', qualifiers };
  });

  /** `[10]`, `[]`, `[*]`, `[N + 1]`. */
  public arraySuffix = this.rule('arraySuffix', (): ArraySuffix => {
    this.CONSUME(T.LBracket);
    const size =
      this.OPTION(
        () =>
          this.OR(
            (this.alternatives.arraySuffix ??= [
              { GATE: () => this.LA(2).tokenType === T.RBracket, ALT: () => this.CONSUME(T.Star) && '*' },
              { ALT: () => this.SUBRULE(this.expression) },
            ]),
          ) as Expression | '*' | undefined,
      ) ?? null;
    this.CONSUME(T.RBracket);
    return { kind: 'array', size };
  });

  public parameterList = this.rule('parameterList', (): ParametersSuffix => {
    this.CONSUME(T.LParen);
    const list = this.OPTION(
      () =>
        this.OR(
          (this.alternatives.parameterList ??= [
            {
              ALT: (): ParametersSuffix => {
                this.CONSUME(T.Ellipsis);
                return { kind: 'parameters', parameters: [], variadic: true };
              },
            },
            {
              ALT: (): ParametersSuffix => {
                const parameters: Parameter[] = [];
                let variadic = false;
                add(parameters, this.SUBRULE(this.parameter));
                this.MANY(() => {
                  this.CONSUME(T.Comma);
                  const next = this.OR2(
                    (this.alternatives.parameterList2 ??= [
                      { ALT: () => this.CONSUME2(T.Ellipsis) },
                      { ALT: () => this.SUBRULE2(this.parameter) },
                    ]),
                  ) as IToken | Parameter | undefined;
                  if (next !== undefined && 'image' in next) variadic = true;
                  else add(parameters, next);
                });
                return { kind: 'parameters', parameters, variadic };
              },
            },
          ]),
        ) as ParametersSuffix,
    );
    this.CONSUME(T.RParen);
    return list ?? { kind: 'parameters', parameters: [], variadic: false };
  });

  public parameter = this.rule('parameter', (): Parameter | undefined => {
    const first = this.LA(1);
    const attributes = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? [];
    const specifiers = this.SUBRULE(this.declarationSpecifiers);
    const declarator = this.SUBRULE(this.declarator);
    if (this.RECORDING_PHASE) return RECORDING;
    if (specifiers === undefined || declarator === undefined) return undefined;
    place(declarator, specifiers.span);
    return { kind: 'parameter', attributes, specifiers, declarator, name: declaredName(declarator), span: this.spanFrom(first) };
  });

  // ---- expressions (C constant expressions) -------------------------------------------------------------

  /**
   * Operands separated by binary operators, with an optional `? :` after them; C precedence is applied to the
   * flat lists (`combineBinary`). `<<` and `>>` arrive as two adjacent `<`/`>` tokens and are joined here.
   */
  public expression = this.rule('expression', (): Expression | undefined => {
    const first = this.LA(1);
    const operands = [this.SUBRULE(this.unaryExpression)];
    let deepest = this.exprDepth;
    const operators: string[] = [];
    this.MANY({
      // In `transmit_as(T *)` a trailing `*` is a pointer, not a multiplication.
      GATE: () => !isTrailingStar(this.lookahead),
      DEF: () => {
        const operator = this.CONSUME(T.BinaryOperator).image;
        const shift = this.OPTION({
          GATE: () => isShiftEnd(this.lookahead),
          DEF: () =>
            this.OR(
              (this.alternatives.expression ??= [
                { ALT: () => this.CONSUME(T.Less) },
                { ALT: () => this.CONSUME(T.Greater) },
              ]),
            ),
        });
        operators.push(shift === undefined ? operator : operator + operator);
        operands.push(this.SUBRULE2(this.unaryExpression));
        if (this.exprDepth > deepest) deepest = this.exprDepth;
      },
    });
    // A chain of n operands is at most n-1 levels above its deepest operand (exactly so for one operator).
    this.exprDepth = deepest + operands.length - 1;
    const branches = this.OPTION2(() => {
      this.CONSUME(T.Question);
      const test = this.exprDepth;
      const whenTrue = this.SUBRULE(this.expression);
      const trueDepth = this.exprDepth;
      this.CONSUME(T.Colon);
      const whenFalse = this.SUBRULE2(this.expression);
      this.exprDepth = Math.max(test, trueDepth, this.exprDepth) + 1;
      return { whenTrue, whenFalse };
    });
    if (this.RECORDING_PHASE) return RECORDING;
    this.checkExpressionDepth(first);
    if (!isComplete(operands)) return undefined;
    const test = operators.length === 0 ? operands[0] : combineBinary(operands, operators);
    if (!branches) return test;
    const { whenTrue, whenFalse } = branches;
    if (whenTrue === undefined || whenFalse === undefined) return undefined;
    return { kind: 'conditional', condition: test, whenTrue, whenFalse, span: this.spanFrom(first) };
  });

  /** Prefix operators, sizeof and casts, or a primary expression with its postfix member/index parts. */
  public unaryExpression = this.rule(
    'unaryExpression',
    (): Expression | undefined =>
      this.OR(
        (this.alternatives.unaryExpression ??= [
          {
            ALT: (): Expression | undefined => {
              const operator = this.CONSUME(T.PrefixOperator);
              const operand = this.SUBRULE(this.unaryExpression);
              this.exprDepth++;
              if (this.RECORDING_PHASE) return RECORDING;
              this.checkExpressionDepth(operator);
              return operand && { kind: 'unary', operator: operator.image as UnaryExpression['operator'], operand, span: this.spanFrom(operator) };
            },
          },
          {
            ALT: (): Expression | undefined => {
              const keyword = this.CONSUME(T.Sizeof);
              this.CONSUME(T.LParen);
              const type = this.SUBRULE(this.typeReference);
              const close = this.CONSUME(T.RParen);
              this.exprDepth = 1;
              if (this.RECORDING_PHASE) return RECORDING;
              return type && { kind: 'sizeof', type, span: this.span(keyword, close) };
            },
          },
          { ALT: () => this.postfixExpression() },
        ]),
      ) as Expression | undefined,
  );

  /**
   * A primary expression and its postfix member and index parts: part of `unaryExpression`, in a method of its
   * own for readability (its DSL calls record in `unaryExpression`, with their own occurrence numbers).
   */
  private postfixExpression(): Expression | undefined {
    const first = this.LA(1);
    let expr = this.OR3(
      (this.alternatives.unaryExpression3 ??= [
        {
          ALT: (): Expression => {
            const t = this.CONSUME(T.NumberLiteral);
            this.exprDepth = 1;
            if (this.RECORDING_PHASE) return RECORDING;
            return { kind: 'number', text: t.image, span: this.span(t, t) };
          },
        },
        {
          ALT: (): Expression => {
            const literals: IToken[] = [];
            this.AT_LEAST_ONE(() => literals.push(this.CONSUME(T.StringLiteral)));
            this.exprDepth = 1;
            if (this.RECORDING_PHASE) return RECORDING;
            const texts = literals.map((t) => t.image);
            return {
              kind: 'string',
              literals: texts,
              value: texts.map(decodeStringLiteral).join(''),
              wide: texts.some((l) => l.startsWith('L')),
              span: this.span(literals[0], literals[literals.length - 1]),
            };
          },
        },
        {
          ALT: (): Expression => {
            const t = this.CONSUME(T.CharLiteral);
            this.exprDepth = 1;
            if (this.RECORDING_PHASE) return RECORDING;
            return { kind: 'char', literal: t.image, span: this.span(t, t) };
          },
        },
        {
          ALT: (): Expression => {
            const t = this.CONSUME(T.Name);
            this.exprDepth = 1;
            if (this.RECORDING_PHASE) return RECORDING;
            return { kind: 'name', name: t.image, span: this.span(t, t) };
          },
        },
        {
          // A cast or a parenthesized expression; only here, after a `(`, does the cast's gate run.
          ALT: () =>
            this.OR5(
              (this.alternatives.unaryExpression5 ??= {
              DEF: [
                {
                  GATE: () => isCast(this.lookahead),
                  ALT: (): Expression | undefined => {
                    const open = this.CONSUME2(T.LParen);
                    const type = this.SUBRULE2(this.typeReference);
                    this.CONSUME2(T.RParen);
                    const operand = this.SUBRULE2(this.unaryExpression);
                    this.exprDepth++;
                    if (this.RECORDING_PHASE) return RECORDING;
                    this.checkExpressionDepth(open);
                    if (type === undefined || operand === undefined) return undefined;
                    return { kind: 'cast', type, operand, span: this.spanFrom(open) };
                  },
                },
                {
                  ALT: (): Expression | undefined => {
                    const open = this.CONSUME3(T.LParen);
                    const expression = this.SUBRULE(this.expression);
                    const close = this.CONSUME3(T.RParen);
                    this.exprDepth++;
                    if (this.RECORDING_PHASE) return RECORDING;
                    this.checkExpressionDepth(open);
                    return expression && { kind: 'paren', expression, span: this.span(open, close) };
                  },
                },
              ],
                // Both start with `(`: the cast's gate decides, the parenthesized expression is last.
                MAX_LOOKAHEAD: 1,
              }),
            ) as Expression | undefined,
        },
      ]),
    ) as Expression | undefined;
    let postfix = false;
    let depth = this.exprDepth;
    this.MANY({
      // The next declaration's attributes after a missing `;` are no index.
      GATE: () => !isAttributeListAhead(this.lookahead),
      DEF: () => {
        const part = this.OR4(
          (this.alternatives.unaryExpression4 ??= [
            {
              ALT: (): PostfixPart => {
                this.CONSUME(T.Dot);
                return { operator: '.', name: this.CONSUME2(T.Name), index: null };
              },
            },
            {
              ALT: (): PostfixPart => {
                this.CONSUME(T.Arrow);
                return { operator: '->', name: this.CONSUME3(T.Name), index: null };
              },
            },
            {
              ALT: (): PostfixPart => {
                this.CONSUME(T.LBracket);
                const index = this.SUBRULE2(this.expression);
                this.CONSUME(T.RBracket);
                if (this.exprDepth > depth) depth = this.exprDepth;
                return { operator: '[', name: null, index };
              },
            },
          ]),
        ) as PostfixPart;
        this.exprDepth = ++depth;
        if (this.RECORDING_PHASE || expr === undefined) return;
        this.checkExpressionDepth(first);
        postfix = true;
        if (part.operator === '[') {
          expr = part.index && { kind: 'index', object: expr, index: part.index, span: withEnd(expr.span, part.index.span) };
        } else {
          const name = this.span(part.name, part.name);
          expr = { kind: 'member', object: expr, operator: part.operator, member: part.name.image, span: withEnd(expr.span, name) };
        }
      },
    });
    if (this.RECORDING_PHASE || !postfix || expr === undefined || expr.kind === 'cast') return expr;
    // The outermost part ends where the node does, `]` included.
    expr.span = withEnd(expr.span, this.spanFrom(first));
    return expr;
  }

  // ---- spans and builder helpers ------------------------------------------------------------------------

  /**
   * Stops the parse at an expression deeper than `MAX_EXPRESSION_DEPTH` (SYN004), starting at `first`, before
   * its tree is built; `work.peakExpressionDepth` is the deepest tree built.
   */
  private checkExpressionDepth(first: IToken): void {
    const depth = this.exprDepth;
    if (depth > MAX_EXPRESSION_DEPTH) throw new ParseStoppedError('expression-too-deep', first);
    if (depth > this.work.peakExpressionDepth) this.work.peakExpressionDepth = depth;
  }

  /** The span from one token to another, both included. */
  private span(first: IToken, last: IToken): Span {
    return this.ctx.span(first, last);
  }

  /** The span from a token to the last token consumed so far: the node that started at `first`. */
  private spanFrom(first: IToken): Span {
    return this.ctx.span(first, this.LA(0));
  }

  /** What a lone `;` builds. */
  private nothing(_semicolon: IToken): null {
    return null;
  }

  private pragma(token: IToken): Pragma {
    if (this.RECORDING_PHASE) return RECORDING;
    return pragmaOf(token, this.ctx);
  }

  /** A dispinterface member as a property (a declaration) or a method, once it is known which. */
  private dispinterfaceMemberOf(m: DispinterfaceMemberParts | undefined, methods: boolean): DispinterfaceMember | undefined {
    if (this.RECORDING_PHASE || m === undefined) return undefined;
    return declarationOf(m.parts.specifiers, m.parts.declarators, m.attributes, m.doc, m.span, methods);
  }
}

/** Adds a node to a list; a lone `;` (null) and a node recovery could not make whole (undefined) are left out. */
function add<N>(list: N[], node: N | null | undefined): void {
  if (node !== undefined && node !== null) list.push(node);
}

function isComplete<N>(nodes: (N | undefined)[]): nodes is N[] {
  for (const n of nodes) if (n === undefined) return false;
  return true;
}

/** Gives an empty declarator its span, empty and right after `after` (its type, or the `(` around it). */
function place(d: Declarator, after: Span): void {
  if (d.span === UNPLACED) d.span = emptySpanAfter(after);
}

/** A span from the start of one to the end of another. */
function withEnd(start: Span, end: Span): Span {
  return { file: start.file, line: start.line, column: start.column, endLine: end.endLine, endColumn: end.endColumn };
}

/** Fills in what the enclosing statement or member knows of a node: attributes, doc comment and span. */
function attach(body: Headless, attributes: Attribute[], doc: string | null, span: Span, methods: boolean): Statement {
  if (body.kind === 'declaration-parts') return declarationOf(body.specifiers, body.declarators, attributes, doc, span, methods);
  // Attributes written before `typedef` come first, then those after it.
  body.attributes = body.kind === 'typedef' ? [...attributes, ...body.attributes] : attributes;
  body.doc = doc;
  body.span = span;
  return body;
}
