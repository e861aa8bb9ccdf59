/** Longest-common-subsequence alignment of two key lists (vtable slots, structure members). */

export type Op = { kind: 'match'; s: number; i: number } | { kind: 'spec'; s: number } | { kind: 'idl'; i: number };

/** Longest-common-subsequence alignment; in a run of equal keys, the unmatched ones come last. */
export function align(spec: readonly string[], idl: readonly string[]): Op[] {
  const n = spec.length;
  const m = idl.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let a = n - 1; a >= 0; a--) {
    for (let b = m - 1; b >= 0; b--) {
      L[a]![b] = spec[a] === idl[b] ? L[a + 1]![b + 1]! + 1 : Math.max(L[a + 1]![b]!, L[a]![b + 1]!);
    }
  }
  const ops: Op[] = [];
  let a = 0;
  let b = 0;
  while (a < n || b < m) {
    if (a < n && b < m && spec[a] === idl[b] && L[a]![b] === L[a + 1]![b + 1]! + 1) {
      ops.push({ kind: 'match', s: a++, i: b++ });
    } else if (b < m && (a >= n || L[a]![b + 1]! >= L[a + 1]![b]!)) {
      ops.push({ kind: 'idl', i: b++ });
    } else {
      ops.push({ kind: 'spec', s: a++ });
    }
  }
  return ops;
}
