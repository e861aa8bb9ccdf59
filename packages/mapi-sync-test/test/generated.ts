/** The generated layout record, typed for tests that index it by name or build changed copies of it. */
import { vtables as generated } from '@mapi-sync/interfaces';
import type { InterfaceLayout } from '@comidl/runtime';

export type InterfaceLayoutRecord = Readonly<Record<string, InterfaceLayout>>;
export const vtables: InterfaceLayoutRecord = generated;
