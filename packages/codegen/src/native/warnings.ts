/**
 * What native generation has to say about an IDL it generates anyway: each warning with a stable code, the
 * IDL location, and the reason. They go out with generation's other diagnostics (`comidl generate`,
 * `npm run generate` print them), and never stop it.
 */
import type { Diagnostic, Span } from '@comidl/parser';

export const NATIVE_WARNINGS = {
  /** A slot without a binding: its callers and exported objects answer E_NOTIMPL. */
  slot: 'N001',
  /** A structure declared as bytes of its size and alignment. */
  opaque: 'N002',
  /** A structure without a layout: left out, and pointers to it are addresses. */
  noLayout: 'N003',
  /** A structure field read as an address, because the size of what it points to cannot be known. */
  address: 'N004',
  /** An interface that is not described (its base is not): its pointers are read as IUnknown. */
  interface: 'N005',
} as const;

export type NativeWarningCode = (typeof NATIVE_WARNINGS)[keyof typeof NATIVE_WARNINGS];

/** A warning at `span` of `file` (the IDL path generated code names). */
export function nativeWarning(code: NativeWarningCode, file: string, span: Pick<Span, 'line' | 'column'>, message: string, context?: string): Diagnostic {
  return { code, severity: 'warning', file, line: span.line, column: span.column, message, ...(context ? { context } : {}) };
}
