/**
 * @comidl/learn: facts about COM interfaces (vtable order, signatures, IIDs) extracted from Microsoft
 * Learn reference pages, and a check of IDL declarations against them.
 */
export * from './types';
export { learnUrl, localeOfSource, LEARN_MAPI_BASE } from './learn-url';
export {
  extractSpec,
  readSpec,
  discoverInterfacePages,
  CONSTANTS_PAGE,
  type ExtractOptions,
  type SpecRead,
} from './extract/extract';
export { methodKeyOfTarget } from './extract/interfaces';
export { SpecPagesError, formatProblem, type SpecProblem } from './extract/page-reader';
export { cIntegerValue } from './extract/c-values';
export { parseStructs, parseEnums } from './extract/c-declarations';
export { normalizeType, parseSignature, type ParsedSignature, type ParsedParam } from './extract/signature';
export { parseDirectionMarker } from './extract/parameters';
export { englishView, translatedView, isSxs } from './extract/sxs';
export { normalizeGuid } from './extract/iids';
export { serializeSpec, parseSpec, canonicalSpec } from './serialize';
export { compareVariants, summarizeSpec, type VariantDifference, type SpecSummary } from './variants';
export { compareWithSpec, type CompareOptions } from './compare/compare';
export { formatDifference, type SpecDifference, type SpecDifferenceKind } from './compare/difference';
export type {
  IdlViews,
  IdlInterfaceView,
  IdlSlotView,
  IdlParamView,
  IdlLocation,
  IdlStructureView,
  IdlFieldView,
  IdlEnumView,
  IdlEnumMemberView,
  IdlConstantView,
  IdlStateView,
} from './compare/idl-views';
export { compareStructures } from './compare/structures';
export { compareEnums } from './compare/enums';
export { compareConstants, compareIids } from './compare/constants';
export { compareStates } from './compare/states';
export { applyDepartures, type AcceptedDifference, type DepartureResult } from './compare/departures';
export { checkAgainstSpec, countFacts, type CheckedCounts, type CheckOptions, type SpecCheckResult } from './compare/check';
export { canonicalType, sameType, DEFAULT_TYPE_ALIASES } from './compare/type-equivalence';
export {
  loadSpecCheckConfig,
  parseSpecCheckConfig,
  SpecConfigError,
  SPEC_CHECK_CONFIG,
  type SpecCheckConfig,
  type Departure,
  type DepartureDifference,
  type Located,
} from './config/spec-check-config';
export { loadProtocolStates, parseProtocolStates, type ProtocolStateView } from './config/protocol-states';
export { parseJsonWithPositions, JsonSyntaxError, type PositionedJson, type JsonPosition, type JsonValue } from './config/json-positions';
