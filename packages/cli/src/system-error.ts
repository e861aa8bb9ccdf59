/** A system error (`EACCES`, `ENOSPC`...) as one line: the model's wording, which codegen's messages share. */
export { systemErrorText } from '@comidl/model';
