/** "Did you mean": the known word closest to a mistyped one, when it is close enough to be the one meant. */

/**
 * Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours as one edit
 * (the optimal string alignment distance), without regard to case.
 */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidate closest to `word`, if it has three letters or more and at most a third of them (rounded up)
 * must change; a word that is a prefix of exactly one candidate (`--upd` for `--update-lock`) is taken as
 * that one. Ties go to the candidate listed first.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const bare = (s: string) => s.replace(/^-+/, '');
  const prefixed = bare(word).length >= 2 ? list.filter((c) => bare(c).toLowerCase().startsWith(bare(word).toLowerCase())) : [];
  if (prefixed.length === 1) return prefixed[0];
  // One or two letters are too few to guess from (-x is not a mistyped -h).
  if (bare(word).length < 3) return undefined;
  const limit = Math.ceil(bare(word).length / 3);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of list) {
    const d = editDistance(bare(word), bare(c));
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** ` (did you mean X?)`, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = (s: string) => s): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean ${quote(match)}?`;
}
