import { m } from '@comidl/model';
export const c = m;
