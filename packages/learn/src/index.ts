/**
 * @comidl/learn: facts about COM interfaces (vtable order, signatures, IIDs) extracted from Microsoft
 * Learn reference pages, and a check of IDL declarations against them.
 */
export * from './types';
export { learnUrl, localeOfSource, LEARN_MAPI_BASE } from './learn-url';
export {
  extractSpec,
  discoverInterfacePages,
  methodKeyOfTarget,
  MAPI_SYNC_INTERFACE_PAGES,
  CONSTANTS_PAGE,
  type ExtractOptions,
} from './extract/extract';
export { normalizeType, parseSignature, type ParsedSignature, type ParsedParam } from './extract/signature';
export { parseDirectionMarker } from './extract/parameters';
export { englishView, translatedView, isSxs } from './extract/sxs';
export { normalizeGuid } from './extract/iids';
export { serializeSpec, parseSpec, canonicalSpec } from './serialize';
export { compareVariants, summarizeSpec, type VariantDifference, type SpecSummary } from './variants';
export {
  compareWithSpec,
  formatDifference,
  type IdlInterfaceView,
  type IdlSlotView,
  type IdlParamView,
  type IdlLocation,
  type SpecDifference,
  type SpecDifferenceKind,
  type CompareOptions,
} from './compare/compare';
export { canonicalType, sameType, DEFAULT_TYPE_ALIASES } from './compare/type-equivalence';
