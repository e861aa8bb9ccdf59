/** @comidl/cli: the `comidl` command, and the reports it prints as a library. */
export { run, main } from './main';
export { vtableReports, type VtableFileReport, type VtableInterfaceReport } from './vtable-report';
export type { CliIo } from './io';
export { formatDiagnostics } from './diagnostic-output';
