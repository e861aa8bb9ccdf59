import { placeholder } from '@comidl/parser';
export const m = placeholder;
