/**
 * Stable preprocessor diagnostic codes. The table with one-line meanings is at the top of `index.ts`.
 */
export const PP = {
  Internal: 'PP000',
  IncludeNotFound: 'PP001',
  IncludeTooDeep: 'PP002',
  IncludeMalformed: 'PP003',
  UnterminatedComment: 'PP004',
  UnterminatedConditional: 'PP005',
  ConditionalWithoutIf: 'PP006',
  ConditionalAfterElse: 'PP007',
  ErrorDirective: 'PP008',
  WarningDirective: 'PP009',
  UnknownDirective: 'PP010',
  ExpressionSyntax: 'PP011',
  DivisionByZero: 'PP012',
  InvalidConstant: 'PP013',
  InvalidMacroName: 'PP014',
  MalformedParameters: 'PP015',
  MisplacedOperator: 'PP016',
  MacroRedefined: 'PP017',
  ArgumentCount: 'PP018',
  UnterminatedArguments: 'PP019',
  InvalidPaste: 'PP020',
  MalformedLine: 'PP021',
  ExtraTokens: 'PP022',
  MissingQuote: 'PP023',
  BuiltinRedefined: 'PP024',
  VaArgsOutsideVariadic: 'PP025',
  ExpansionTooLarge: 'PP026',
  TooManyInclusions: 'PP027',
  IncludeRefused: 'PP028',
  OutputTooLarge: 'PP029',
} as const;

export type PPCode = (typeof PP)[keyof typeof PP];

/** Receives problems found at a physical position of the file being processed. */
export interface Reporter {
  error(code: PPCode, line: number, col: number, message: string): void;
  warning(code: PPCode, line: number, col: number, message: string): void;
}
