/** The `vtable` report of one file: every interface it defines with its slots, and its diagnostics. */
import type { Diagnostic } from '@comidl/parser';
import { ComWorkspace, type WorkspaceOptions } from '@comidl/model';

export interface VtableInterfaceReport {
  name: string;
  kind: 'interface' | 'dispinterface' | 'delegate';
  base: string | null;
  iid: string | null;
  /** For the asynchronous twin of an `[async_uuid]` interface (`AsyncIFoo`): the interface it is made from. */
  asyncOf?: string;
  slots: string[];
}

export interface VtableFileReport {
  file: string;
  interfaces: VtableInterfaceReport[];
  /** Each with its `severity`: `error`, or `warning` for a MIDL rule a lenient run demotes. */
  diagnostics: Diagnostic[];
}

/** Reports for many files in one workspace, so imports shared between them are parsed once. */
export function vtableReports(files: readonly string[], options: WorkspaceOptions = {}): VtableFileReport[] {
  const workspace = new ComWorkspace(options);
  return files.map((file) => {
    const model = workspace.load(file);
    return {
      file,
      // Only COM interfaces have a vtable; RPC interfaces and uninstantiated templates are left out.
      interfaces: model.interfaces
        .filter((i) => i.object && !i.templateParameters)
        .map((i) => ({
          name: i.name,
          kind: i.kind,
          base: i.base,
          iid: i.iid,
          ...(i.asyncOf ? { asyncOf: i.asyncOf } : {}),
          slots: i.vtable.map((s) => s.name),
        })),
      diagnostics: model.diagnostics,
    };
  });
}
