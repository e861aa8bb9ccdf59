/**
 * Which names of a list repeat an earlier one: what M002 duplicate-member reports, and what a lenient run lets
 * through to the code generator, which renames the later ones. For each name, the index of the first earlier
 * equal name, or null (for the first of its name, and for a nameless entry).
 */
export function duplicateIndexes(names: readonly (string | null)[]): (number | null)[] {
  const first = new Map<string, number>();
  return names.map((name, i) => {
    if (name === null) return null;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, i);
    return earlier ?? null;
  });
}
