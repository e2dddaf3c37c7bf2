/** "Did you mean": the candidates nearest a mistyped name, by edit distance (pure). */

/** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters counts as one edit, as in `alcie`. */
export function editDistance(a: string, b: string): number {
  // Three rows of the DP table: the swap rule looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Candidates within a third of the word's length in edits (at least one), nearest first, at most
 * `limit`; case is ignored, as IAM names and task ids are case-insensitive to a reader.
 */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = word.toLowerCase();
  const budget = Math.max(1, Math.floor(needle.length / 3));
  const scored = [...new Set(candidates)]
    .map((candidate) => ({ candidate, distance: editDistance(needle, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= budget)
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map(({ candidate }) => candidate);
}

/** ` (did you mean X?)`, ` (did you mean X or Y?)`, or '' when nothing is near. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = closest(word, candidates);
  if (near.length === 0) return '';
  return ` (did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near.at(-1)}`}?)`;
}
