/**
 * The model's limits: every cost of a run is bounded and near-linear in its input, and no walk can exhaust the
 * stack. Each limit admits Wine's whole IDL corpus many times over; past one, the declaration that reaches it
 * gets a located diagnostic saying which (M010, M013, M014). The README lists them with their reasons.
 */

/**
 * How deep imports may nest (a file importing a file importing...). Real IDL stays far below it (Wine's
 * longest import chain is 16 files, wmsdkidl.idl's); every later walk of the import graph is then bounded.
 */
export const MAX_IMPORT_DEPTH = 256;

/**
 * How deep an inheritance chain may go (IUnknown is 1). Real interfaces stay far below it (Wine's deepest
 * chain, IDXGIFactory7's, is 10 deep); past it an interface gets no vtable and a located M013.
 */
export const MAX_INHERITANCE_DEPTH = 256;

/**
 * How many slots the vtables of one run may hold together. A vtable holds its base's slots, so a wide tree
 * over a large base (thousands of interfaces deriving from one with thousands of methods) would grow with
 * their product; the budget keeps the cost linear. Wine's whole corpus in one run holds 45,490; past the
 * budget an interface gets no vtable and a located M013.
 */
export const MAX_VTABLE_SLOTS = 4_000_000;

/**
 * How long a chain of references may be: typedefs naming typedefs, constants whose values name constants,
 * structures holding structures by value. The ABI's walks follow such chains one call per step; Wine's
 * longest are far shorter (typedefs 4, constants 3, structures by value 6). Past it, M014, and the walks stop
 * (a type resolves to unknown, a value to none, a layout to an error).
 */
export const MAX_REFERENCE_DEPTH = 256;

/**
 * How many evaluations of constant expressions may be nested at once: an expression's own depth (at most the
 * parser's 1,000) plus those of the constants it names, and theirs (Wine's deepest: 14). Past it a value is
 * not computed (and the chain is an M014, or the expression an SYN004).
 */
export const MAX_EVALUATION_DEPTH = 1_500;
