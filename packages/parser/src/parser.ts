/**
 * The MIDL grammar as a Chevrotain CstParser. Rules are named after MIDL/widl grammar productions and build
 * a concrete syntax tree only; the AST is made from it by `cst-to-ast.ts`. Error recovery is on, so one run
 * reports every syntax error of a file: this is the parser for input with syntax errors. Valid input goes
 * through `MidlAstParser` (`ast-parser.ts`), the same grammar building the AST directly; a test checks that
 * the two record the same grammar.
 */
import type { CstNode, IOrAlt, IParserErrorMessageProvider, IToken } from 'chevrotain';
import { chevrotain } from './chevrotain-runtime';
import { midlErrorMessages } from './error-messages';
import { isCast, isNestedDeclarator, isSafeArray, isShiftEnd, isTrailingStar, startsTypeOnly, type Lookahead } from './lookahead';
import { MidlLookaheadStrategy } from './lookahead-strategy';
import * as T from './tokens';

const { CstParser, EOF } = chevrotain;

/**
 * How many grammar rules may be active at once. Each active rule holds several stack frames, and error
 * recovery walks the whole rule stack recursively, so input nested much deeper than this (`((((...`,
 * `- - - -...`, structs in structs...) would overflow Node's default call stack (at about 350 rules, with
 * recovery walking). Real IDL stays far below it: the Wine corpus peaks under 60, in mshtml.idl's
 * macro-built DISPIDs `id(((((...(1000+25)+25)...+1)`.
 */
export const MAX_RULE_DEPTH = 200;

/**
 * After this many syntax errors a parse stops. Each error costs recovery work (about a millisecond), so a
 * flood of them (binary input, `[[[[...`, unexpanded macros) would otherwise take seconds; and past the
 * first hundred, errors are noise.
 */
export const MAX_SYNTAX_ERRORS = 100;

/** Thrown out of a parse that cannot go on; `token` is where it stopped. */
export class ParseStoppedError extends Error {
  constructor(
    readonly reason: 'too-deep' | 'too-many-errors',
    readonly token: IToken,
  ) {
    super(reason === 'too-deep' ? `nesting deeper than ${MAX_RULE_DEPTH} grammar rules` : `more than ${MAX_SYNTAX_ERRORS} syntax errors`);
    this.name = 'ParseStoppedError';
  }
}

/** Counts the errors of a parse as their messages are built, and stops the parse past the limit. */
function countingMessages(count: { errors: number }): IParserErrorMessageProvider {
  const add = (token: IToken) => {
    if (++count.errors > MAX_SYNTAX_ERRORS) throw new ParseStoppedError('too-many-errors', token);
  };
  return {
    buildMismatchTokenMessage: (o) => (add(o.actual), midlErrorMessages.buildMismatchTokenMessage(o)),
    buildNotAllInputParsedMessage: (o) => (add(o.firstRedundant), midlErrorMessages.buildNotAllInputParsedMessage(o)),
    buildNoViableAltMessage: (o) => (add(o.actual[0]), midlErrorMessages.buildNoViableAltMessage(o)),
    buildEarlyExitMessage: (o) => (add(o.actual[0]), midlErrorMessages.buildEarlyExitMessage(o)),
  };
}

/**
 * Hooks of Chevrotain's recognizer engine that its type declarations leave out: `ruleInvocationStateUpdate`
 * and `cstInvocationStateUpdate` run on entry to every rule, `onBeforeParse` before a parse started from
 * outside. (`setInitialNodeLocation`, which the engine's own CST hook calls, is set on each instance.) A test
 * checks that they exist, so that an upgrade that renames them fails loudly rather than dropping the limits.
 */
export const engineHooks = CstParser.prototype as unknown as {
  ruleInvocationStateUpdate(shortName: number, fullName: string, idxInCallingRule: number): void;
  onBeforeParse(ruleName: string): void;
  cstInvocationStateUpdate(fullRuleName: string): void;
};

/**
 * Engine state the hooks use: `RULE_STACK_IDX` is the number of rules active below the current one;
 * `CST_STACK` holds the CST nodes of the active rules, `setInitialNodeLocation` gives a new node its location.
 */
interface EngineState {
  RULE_STACK_IDX: number;
  CST_STACK: CstNode[];
  setInitialNodeLocation(node: CstNode): void;
}

export class MidlParser extends CstParser {
  /**
   * Each `OR`'s alternatives, made on its first run and reused: an alternatives array written inline is a new
   * array of objects and closures on every run of its rule, millions of short-lived allocations over a large
   * file. The closures refer only to `this`, so one set serves every parse.
   */
  private readonly alternatives: Record<string, IOrAlt<unknown>[] | undefined> = {};
  /** The token stream as the grammar's lookahead predicates (`lookahead.ts`) read it. */
  private readonly lookahead: Lookahead = { LA: (howMuch) => this.LA(howMuch) };
  /** Syntax errors so far in the current parse; see `MAX_SYNTAX_ERRORS`. */
  private readonly count: { errors: number };

  constructor(options: { recovery?: boolean; validate?: boolean } = {}) {
    const count = { errors: 0 };
    super(T.allTokens, {
      recoveryEnabled: options.recovery ?? true,
      maxLookahead: 4,
      lookaheadStrategy: new MidlLookaheadStrategy({ maxLookahead: 4 }),
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: countingMessages(count),
      // Grammar validation is costly at start-up; a unit test runs it on every change of the grammar.
      skipValidations: !(options.validate ?? false),
    });
    this.count = count;
    this.performSelfAnalysis();
  }

  /**
   * Chevrotain calls this on entry to every rule, after pushing it on its rule stack: past the depth limit the
   * parse stops here, before the rule consumes anything. The rule's own `finally` pops the stack, so the parser
   * stays usable for the next input. (A hook of Chevrotain's engine rather than a wrapper around each rule:
   * a wrapper costs a closure call and a `try` per rule invocation, and rules run millions of times.)
   */
  protected ruleInvocationStateUpdate(shortName: number, fullName: string, idxInCallingRule: number): void {
    engineHooks.ruleInvocationStateUpdate.call(this, shortName, fullName, idxInCallingRule);
    if ((this as unknown as EngineState).RULE_STACK_IDX >= MAX_RULE_DEPTH) throw new ParseStoppedError('too-deep', this.LA(1));
  }

  /**
   * Chevrotain calls this on entry to every rule to open its CST node. The engine makes the node's `children`
   * with `Object.create(null)`, which V8 keeps as a hash table (slow to fill, slow to read in the AST builder);
   * a plain object literal stays a fast object. CST keys are token, rule and label names, none of which is a
   * property of `Object.prototype`.
   */
  protected cstInvocationStateUpdate(fullRuleName: string): void {
    const node: CstNode = { name: fullRuleName, children: {} };
    (this as unknown as EngineState).setInitialNodeLocation(node);
    (this as unknown as EngineState).CST_STACK.push(node);
  }

  /** Chevrotain calls this before a parse that starts from outside (not from a sub-rule): a new count. */
  protected onBeforeParse(ruleName: string): void {
    engineHooks.onBeforeParse.call(this, ruleName);
    this.count.errors = 0;
  }

  // ---- files and statements -------------------------------------------------------------------------

  public idlFile = this.RULE('idlFile', () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  public statement = this.RULE('statement', () => {
    this.OR((this.alternatives.statement ??= [
      { ALT: () => this.SUBRULE(this.importStatement) },
      { ALT: () => this.SUBRULE(this.importlibStatement) },
      { ALT: () => this.SUBRULE(this.cppQuote) },
      { ALT: () => this.SUBRULE(this.midlPragma) },
      { ALT: () => this.CONSUME(T.PragmaLine) },
      { ALT: () => this.CONSUME(T.Semicolon) },
      { ALT: () => this.SUBRULE(this.namespaceDeclaration) },
      { ALT: () => this.SUBRULE(this.declareBlock) },
      { ALT: () => this.SUBRULE(this.attributedStatement) },
    ]));
  });

  /** A statement that may carry an attribute list: every declaration kind. */
  public attributedStatement = this.RULE('attributedStatement', () => {
    this.OPTION(() => this.SUBRULE(this.attributeList));
    this.OR((this.alternatives.attributedStatement ??= [
      { ALT: () => this.SUBRULE(this.interfaceDeclaration) },
      { ALT: () => this.SUBRULE(this.dispinterfaceDeclaration) },
      { ALT: () => this.SUBRULE(this.coclassDeclaration) },
      { ALT: () => this.SUBRULE(this.libraryDeclaration) },
      { ALT: () => this.SUBRULE(this.moduleDeclaration) },
      { ALT: () => this.SUBRULE(this.apicontractDeclaration) },
      { ALT: () => this.SUBRULE(this.delegateDeclaration) },
      { ALT: () => this.SUBRULE(this.typedefDeclaration) },
      { ALT: () => this.SUBRULE(this.declaration) },
    ]));
  });

  public importStatement = this.RULE('importStatement', () => {
    this.CONSUME(T.Import);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.StringLiteral) });
    this.CONSUME(T.Semicolon);
  });

  public importlibStatement = this.RULE('importlibStatement', () => {
    this.CONSUME(T.Importlib);
    this.CONSUME(T.LParen);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.RParen);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  public cppQuote = this.RULE('cppQuote', () => {
    this.CONSUME(T.CppQuote);
    this.CONSUME(T.LParen);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.RParen);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  /** `midl_pragma warning (disable: 2111 2400)`: kept as its raw token text. */
  public midlPragma = this.RULE('midlPragma', () => {
    this.CONSUME(T.MidlPragma);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.balancedParens);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  public balancedParens = this.RULE('balancedParens', () => {
    this.CONSUME(T.LParen);
    this.MANY(() =>
      this.OR((this.alternatives.balancedParens ??= [
        { ALT: () => this.SUBRULE(this.balancedParens) },
        { ALT: () => this.CONSUME(T.AnyWord) },
        { ALT: () => this.CONSUME(T.NumberLiteral) },
        { ALT: () => this.CONSUME(T.StringLiteral) },
        { ALT: () => this.CONSUME(T.Colon) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.Minus) },
      ])),
    );
    this.CONSUME(T.RParen);
  });

  // ---- attributes --------------------------------------------------------------------------------------

  public attributeList = this.RULE('attributeList', () => {
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.LBracket);
      // MIDL tolerates empty entries: `[object, uuid(...), ]`.
      this.OPTION(() => this.SUBRULE(this.attribute));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.OPTION2(() => this.SUBRULE2(this.attribute));
      });
      this.CONSUME(T.RBracket);
    });
  });

  /** An attribute; arguments may be empty, as in `size_is(, *pcb)`. */
  public attribute = this.RULE('attribute', () => {
    this.CONSUME(T.AnyWord);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.attributeArgument));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.OPTION3(() => this.SUBRULE2(this.attributeArgument));
      });
      this.CONSUME(T.RParen);
    });
  });

  public attributeArgument = this.RULE('attributeArgument', () => {
    this.OR((this.alternatives.attributeArgument ??= [
      { ALT: () => this.CONSUME(T.Uuid) },
      { GATE: () => startsTypeOnly(this.lookahead), ALT: () => this.SUBRULE(this.typeReference) },
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          // `transmit_as(T *)`: a type name followed only by pointers.
          this.MANY(() => this.CONSUME(T.Star));
        },
      },
    ]));
  });

  // ---- interfaces and friends ---------------------------------------------------------------------------

  public interfaceDeclaration = this.RULE('interfaceDeclaration', () => {
    this.CONSUME(T.Interface);
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => this.SUBRULE(this.templateParameters));
    this.OR((this.alternatives.interfaceDeclaration ??= [
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.OPTION2(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.typeName);
          });
          this.OPTION3(() => {
            this.CONSUME(T.Requires);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.typeName) });
          });
          this.CONSUME(T.LCurly);
          this.MANY(() => this.SUBRULE(this.interfaceMember));
          this.CONSUME(T.RCurly);
          this.OPTION4(() => this.CONSUME2(T.Semicolon));
        },
      },
    ]));
  });

  public templateParameters = this.RULE('templateParameters', () => {
    this.CONSUME(T.Less);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Name) });
    this.CONSUME(T.Greater);
  });

  public interfaceMember = this.RULE('interfaceMember', () => {
    this.OR((this.alternatives.interfaceMember ??= [
      { ALT: () => this.SUBRULE(this.cppQuote) },
      { ALT: () => this.CONSUME(T.PragmaLine) },
      { ALT: () => this.SUBRULE(this.midlPragma) },
      { ALT: () => this.SUBRULE(this.importStatement) },
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.attributeList));
          this.OR2((this.alternatives.interfaceMember2 ??= [
            { ALT: () => this.SUBRULE(this.typedefDeclaration) },
            { ALT: () => this.SUBRULE(this.declaration) },
          ]));
        },
      },
    ]));
  });

  public dispinterfaceDeclaration = this.RULE('dispinterfaceDeclaration', () => {
    this.CONSUME(T.Dispinterface);
    this.SUBRULE(this.qualifiedName);
    this.OR((this.alternatives.dispinterfaceDeclaration ??= [
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.OR2((this.alternatives.dispinterfaceDeclaration2 ??= [
            {
              ALT: () => {
                this.CONSUME(T.Interface);
                this.SUBRULE(this.typeName);
                this.CONSUME2(T.Semicolon);
              },
            },
            {
              ALT: () => {
                this.OPTION(() => {
                  this.CONSUME(T.Properties);
                  this.CONSUME(T.Colon);
                  this.MANY(() => this.SUBRULE(this.dispinterfaceMember, { LABEL: 'properties' }));
                });
                this.OPTION2(() => {
                  this.CONSUME(T.Methods);
                  this.CONSUME2(T.Colon);
                  this.MANY2(() => this.SUBRULE2(this.dispinterfaceMember, { LABEL: 'methods' }));
                });
              },
            },
          ]));
          this.CONSUME(T.RCurly);
          this.OPTION3(() => this.CONSUME3(T.Semicolon));
        },
      },
    ]));
  });

  public dispinterfaceMember = this.RULE('dispinterfaceMember', () => {
    this.OPTION(() => this.SUBRULE(this.attributeList));
    this.SUBRULE(this.declaration);
  });

  /** `coclass C { ... }` and WinRT's `runtimeclass R { ... }`, which share their body and member form. */
  public coclassDeclaration = this.RULE('coclassDeclaration', () => {
    this.OR2((this.alternatives.coclassDeclaration2 ??= [{ ALT: () => this.CONSUME(T.Coclass) }, { ALT: () => this.CONSUME(T.Runtimeclass) }]));
    this.SUBRULE(this.qualifiedName);
    this.OR((this.alternatives.coclassDeclaration ??= [
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() => this.SUBRULE(this.coclassMember));
          this.CONSUME(T.RCurly);
          this.OPTION(() => this.CONSUME2(T.Semicolon));
        },
      },
    ]));
  });

  /** `[default, source] interface IFoo;` in a coclass or runtimeclass body. */
  public coclassMember = this.RULE('coclassMember', () => {
    this.OPTION(() => this.SUBRULE(this.attributeList));
    this.OR((this.alternatives.coclassMember ??= [{ ALT: () => this.CONSUME(T.Interface) }, { ALT: () => this.CONSUME(T.Dispinterface) }]));
    this.SUBRULE(this.typeName);
    this.CONSUME(T.Semicolon);
  });

  public libraryDeclaration = this.RULE('libraryDeclaration', () => {
    this.CONSUME(T.Library);
    this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RCurly);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  public moduleDeclaration = this.RULE('moduleDeclaration', () => {
    this.CONSUME(T.Module);
    this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.interfaceMember));
    this.CONSUME(T.RCurly);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  public namespaceDeclaration = this.RULE('namespaceDeclaration', () => {
    this.CONSUME(T.Namespace);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RCurly);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  /** `declare { interface A.B.IVector<HSTRING>; }`: instantiations of parameterized interfaces. */
  public declareBlock = this.RULE('declareBlock', () => {
    this.CONSUME(T.Declare);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.CONSUME(T.Interface);
      this.SUBRULE(this.typeName);
      this.CONSUME(T.Semicolon);
    });
    this.CONSUME(T.RCurly);
    this.OPTION(() => this.CONSUME2(T.Semicolon));
  });

  public apicontractDeclaration = this.RULE('apicontractDeclaration', () => {
    this.CONSUME(T.Apicontract);
    this.SUBRULE(this.qualifiedName);
    this.OR((this.alternatives.apicontractDeclaration ??= [
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.CONSUME(T.RCurly);
          this.OPTION(() => this.CONSUME2(T.Semicolon));
        },
      },
    ]));
  });

  /** `delegate HRESULT Handler<T>([in] T args);`: an interface with one `Invoke` method. */
  public delegateDeclaration = this.RULE('delegateDeclaration', () => {
    this.CONSUME(T.Delegate);
    this.SUBRULE(this.declarationSpecifiers);
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => this.SUBRULE(this.templateParameters));
    this.SUBRULE(this.parameterList);
    this.CONSUME(T.Semicolon);
  });

  // ---- declarations -------------------------------------------------------------------------------------

  public typedefDeclaration = this.RULE('typedefDeclaration', () => {
    this.CONSUME(T.Typedef);
    this.OPTION(() => this.SUBRULE(this.attributeList));
    this.SUBRULE(this.declarationSpecifiers);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.declarator) });
    this.CONSUME(T.Semicolon);
  });

  /**
   * Specifiers then zero or more declarators: methods, functions, variables, bare struct/enum definitions,
   * and constants (`const ULONG X = 1;`, told apart from the rest by `const` and the initializer).
   */
  public declaration = this.RULE('declaration', () => {
    this.SUBRULE(this.declarationSpecifiers);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.initDeclarator) });
    this.CONSUME(T.Semicolon);
  });

  public initDeclarator = this.RULE('initDeclarator', () => {
    this.SUBRULE(this.declarator);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  /**
   * Qualifiers, storage classes and calling conventions around one type specifier. The alternatives are
   * inlined rather than split into sub-rules: this rule runs for every type, and each rule call costs.
   */
  public declarationSpecifiers = this.RULE('declarationSpecifiers', () => {
    this.MANY(() =>
      this.OR((this.alternatives.declarationSpecifiers ??= [
        { ALT: () => this.CONSUME(T.Const) },
        { ALT: () => this.CONSUME(T.Volatile) },
        { ALT: () => this.CONSUME(T.StorageClass) },
        { ALT: () => this.CONSUME(T.CallingConvention) },
      ])),
    );
    this.OR2((this.alternatives.declarationSpecifiers2 ??= [
      { ALT: () => this.SUBRULE(this.baseType) },
      { ALT: () => this.SUBRULE(this.structType) },
      { ALT: () => this.SUBRULE(this.unionType) },
      { ALT: () => this.SUBRULE(this.enumType) },
      {
        GATE: () => isSafeArray(this.lookahead),
        ALT: () => this.SUBRULE(this.safeArrayType),
      },
      { ALT: () => this.SUBRULE(this.typeName) },
    ]));
    this.MANY2(() =>
      this.OR3((this.alternatives.declarationSpecifiers3 ??= [{ ALT: () => this.CONSUME2(T.Const) }, { ALT: () => this.CONSUME2(T.Volatile) }])),
    );
  });

  /** `unsigned long int`, `signed char`, `unsigned`, `__int64`, `void`... */
  public baseType = this.RULE('baseType', () => {
    this.OR((this.alternatives.baseType ??= [
      {
        ALT: () => {
          this.OR2((this.alternatives.baseType2 ??= [{ ALT: () => this.CONSUME(T.Signed) }, { ALT: () => this.CONSUME(T.Unsigned) }]));
          this.MANY(() => this.CONSUME(T.BaseTypeKeyword));
        },
      },
      { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME2(T.BaseTypeKeyword)) },
    ]));
  });

  /** A possibly qualified, possibly parameterized type name: `IUnknown`, `A.B.IVector<HSTRING>`. */
  public typeName = this.RULE('typeName', () => {
    this.CONSUME(T.Name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Name);
    });
    this.OPTION(() => {
      this.CONSUME(T.Less);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.typeReference) });
      this.CONSUME(T.Greater);
    });
  });

  public qualifiedName = this.RULE('qualifiedName', () => {
    this.CONSUME(T.Name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Name);
    });
  });

  /** `SAFEARRAY(VARIANT)`; a bare `SAFEARRAY` is an ordinary type name. */
  public safeArrayType = this.RULE('safeArrayType', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.typeReference);
    this.CONSUME(T.RParen);
  });

  /** A type with an optional abstract declarator: `unsigned long`, `IFoo **`, `const WCHAR *`. */
  public typeReference = this.RULE('typeReference', () => {
    this.SUBRULE(this.declarationSpecifiers);
    this.MANY(() => this.SUBRULE(this.pointer));
  });

  public structType = this.RULE('structType', () => {
    this.CONSUME(T.Struct);
    this.OPTION(() => this.CONSUME(T.Name));
    this.OPTION2(() => this.SUBRULE(this.fieldBlock));
  });

  public fieldBlock = this.RULE('fieldBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.field));
    this.CONSUME(T.RCurly);
  });

  public field = this.RULE('field', () => {
    this.OR((this.alternatives.field ??= [
      { ALT: () => this.CONSUME(T.PragmaLine) },
      { ALT: () => this.SUBRULE(this.cppQuote) },
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.attributeList));
          // An empty arm of a non-encapsulated union has no type: `[default] ;`.
          this.OPTION2(() => {
            this.SUBRULE(this.declarationSpecifiers);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.fieldDeclarator) });
          });
          this.CONSUME(T.Semicolon);
        },
      },
    ]));
  });

  /** A field's declarator with an optional bit width; both parts are optional (`int : 4;`). */
  public fieldDeclarator = this.RULE('fieldDeclarator', () => {
    this.SUBRULE(this.declarator);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.expression);
    });
  });

  public unionType = this.RULE('unionType', () => {
    this.CONSUME(T.Union);
    this.OPTION(() => this.CONSUME(T.Name));
    this.OR((this.alternatives.unionType ??= [
      {
        // Encapsulated union: `union tag switch (DWORD kind) u { case 1: ... }`.
        ALT: () => {
          this.CONSUME(T.Switch);
          this.CONSUME(T.LParen);
          this.SUBRULE(this.declarationSpecifiers);
          this.CONSUME2(T.Name);
          this.CONSUME(T.RParen);
          this.OPTION2(() => this.CONSUME3(T.Name, { LABEL: 'unionName' }));
          this.CONSUME(T.LCurly);
          this.MANY(() => this.SUBRULE(this.unionArm));
          this.CONSUME(T.RCurly);
        },
      },
      { ALT: () => this.OPTION3(() => this.SUBRULE(this.fieldBlock)) },
    ]));
  });

  public unionArm = this.RULE('unionArm', () => {
    this.AT_LEAST_ONE(() =>
      this.OR((this.alternatives.unionArm ??= [
        {
          ALT: () => {
            this.CONSUME(T.Case);
            this.SUBRULE(this.expression);
            this.CONSUME(T.Colon);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Default);
            this.CONSUME2(T.Colon);
          },
        },
      ])),
    );
    // An empty arm, `case 3: ;`, is a field without type.
    this.SUBRULE(this.field);
  });

  public enumType = this.RULE('enumType', () => {
    this.CONSUME(T.Enum);
    this.OPTION(() => this.CONSUME(T.Name));
    this.OPTION2(() => {
      this.CONSUME(T.LCurly);
      this.MANY(() => {
        this.SUBRULE(this.enumMember);
        this.OPTION3(() => this.CONSUME(T.Comma));
      });
      this.CONSUME(T.RCurly);
    });
  });

  public enumMember = this.RULE('enumMember', () => {
    this.OPTION(() => this.SUBRULE(this.attributeList));
    this.CONSUME(T.Name);
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  // ---- declarators --------------------------------------------------------------------------------------

  /** `*`, `* const`, calling conventions, then a name or a parenthesized declarator, then suffixes. */
  public declarator = this.RULE('declarator', () => {
    this.MANY(() =>
      this.OR((this.alternatives.declarator ??= [
        { ALT: () => this.SUBRULE(this.pointer) },
        { ALT: () => this.CONSUME(T.CallingConvention) },
      ])),
    );
    this.OPTION(() =>
      this.OR2((this.alternatives.declarator2 ??= [
        { ALT: () => this.CONSUME(T.Name) },
        {
          GATE: () => isNestedDeclarator(this.lookahead),
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.declarator, { LABEL: 'nested' });
            this.CONSUME(T.RParen);
          },
        },
      ])),
    );
    this.MANY2(() =>
      this.OR3((this.alternatives.declarator3 ??= [
        { ALT: () => this.SUBRULE(this.arraySuffix) },
        { ALT: () => this.SUBRULE(this.parameterList) },
      ])),
    );
  });

  public pointer = this.RULE('pointer', () => {
    this.CONSUME(T.Star);
    this.MANY(() =>
      this.OR((this.alternatives.pointer ??= [{ ALT: () => this.CONSUME(T.Const) }, { ALT: () => this.CONSUME(T.Volatile) }])),
    );
  });

  /** `[10]`, `[]`, `[*]`, `[N + 1]`. */
  public arraySuffix = this.RULE('arraySuffix', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() =>
      this.OR((this.alternatives.arraySuffix ??= [
        { GATE: () => this.LA(2).tokenType === T.RBracket, ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.SUBRULE(this.expression) },
      ])),
    );
    this.CONSUME(T.RBracket);
  });

  public parameterList = this.RULE('parameterList', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.OR((this.alternatives.parameterList ??= [
        { ALT: () => this.CONSUME(T.Ellipsis) },
        {
          ALT: () => {
            this.SUBRULE(this.parameter);
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.OR2((this.alternatives.parameterList2 ??= [
                { ALT: () => this.CONSUME2(T.Ellipsis) },
                { ALT: () => this.SUBRULE2(this.parameter) },
              ]));
            });
          },
        },
      ]));
    });
    this.CONSUME(T.RParen);
  });

  public parameter = this.RULE('parameter', () => {
    this.OPTION(() => this.SUBRULE(this.attributeList));
    this.SUBRULE(this.declarationSpecifiers);
    this.SUBRULE(this.declarator);
  });

  // ---- expressions (C constant expressions) -------------------------------------------------------------

  /**
   * Operands separated by binary operators, flat, with an optional `? :` after them: precedence is applied
   * when the AST is built, which keeps the CST shallow (one rule per constant instead of ten). An operator is
   * one token of the `BinaryOperator` category; `<<` and `>>` arrive as two adjacent `<`/`>` tokens, the
   * second labelled `shiftEnd`, and are joined there too.
   */
  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.unaryExpression, { LABEL: 'operand' });
    this.MANY({
      // In `transmit_as(T *)` a trailing `*` is a pointer, not a multiplication.
      GATE: () => !isTrailingStar(this.lookahead),
      DEF: () => {
        this.CONSUME(T.BinaryOperator, { LABEL: 'operator' });
        this.OPTION({
          GATE: () => isShiftEnd(this.lookahead),
          DEF: () => this.OR((this.alternatives.expression ??= [{ ALT: () => this.CONSUME(T.Less, { LABEL: 'shiftEnd' }) }, { ALT: () => this.CONSUME(T.Greater, { LABEL: 'shiftEnd' }) }])),
        });
        this.SUBRULE2(this.unaryExpression, { LABEL: 'operand' });
      },
    });
    this.OPTION2(() => {
      this.CONSUME(T.Question);
      this.SUBRULE(this.expression, { LABEL: 'then' });
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.expression, { LABEL: 'else' });
    });
  });

  /** Prefix operators, sizeof and casts, or a primary expression with its postfix member/index parts. */
  public unaryExpression = this.RULE('unaryExpression', () => {
    this.OR((this.alternatives.unaryExpression ??= [
      {
        ALT: () => {
          this.CONSUME(T.PrefixOperator, { LABEL: 'operator' });
          this.SUBRULE(this.unaryExpression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Sizeof);
          this.CONSUME(T.LParen, { LABEL: 'sizeofOpen' });
          this.SUBRULE(this.typeReference);
          this.CONSUME(T.RParen, { LABEL: 'sizeofClose' });
        },
      },
      {
        ALT: () => {
          this.OR3((this.alternatives.unaryExpression3 ??= [
            { ALT: () => this.CONSUME(T.NumberLiteral) },
            { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral)) },
            { ALT: () => this.CONSUME(T.CharLiteral) },
            { ALT: () => this.CONSUME(T.Name) },
            {
              // A cast or a parenthesized expression; only here, after a `(`, does the cast's gate run.
              ALT: () =>
                this.OR5((this.alternatives.unaryExpression5 ??= [
                  {
                    GATE: () => isCast(this.lookahead),
                    ALT: () => {
                      this.CONSUME2(T.LParen, { LABEL: 'castOpen' });
                      this.SUBRULE2(this.typeReference, { LABEL: 'castType' });
                      this.CONSUME2(T.RParen, { LABEL: 'castClose' });
                      this.SUBRULE2(this.unaryExpression);
                    },
                  },
                  {
                    ALT: () => {
                      this.CONSUME3(T.LParen);
                      this.SUBRULE(this.expression, { LABEL: 'parenthesized' });
                      this.CONSUME3(T.RParen);
                    },
                  },
                ])),
            },
          ]));
          this.MANY(() =>
            this.OR4((this.alternatives.unaryExpression4 ??= [
              {
                ALT: () => {
                  this.CONSUME(T.Dot, { LABEL: 'member' });
                  this.CONSUME2(T.Name, { LABEL: 'memberName' });
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Arrow, { LABEL: 'member' });
                  this.CONSUME3(T.Name, { LABEL: 'memberName' });
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.LBracket, { LABEL: 'member' });
                  this.SUBRULE2(this.expression, { LABEL: 'index' });
                  this.CONSUME(T.RBracket);
                },
              },
            ])),
          );
        },
      },
    ]));
  });
}

export { EOF };

/** One shared parser instance: Chevrotain parsers are reusable and costly to construct. */
let shared: MidlParser | undefined;
export function midlParser(): MidlParser {
  return (shared ??= new MidlParser());
}
