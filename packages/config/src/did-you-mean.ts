/**
 * Edit distance between two strings, counting an insertion, a deletion, a substitution or a swap of two
 * adjacent characters as one edit (optimal string alignment, the restricted Damerau-Levenshtein distance).
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate `input` was most likely meant to be, or undefined when none is close: at most one edit per
 * three characters (at least one), ignoring case. Ties go to the earlier candidate.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = editDistance(wanted, candidate.toLowerCase());
    const allowed = Math.max(1, Math.floor(Math.max(input.length, candidate.length) / 3));
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Whether `input` is a near miss of `candidate` (and not the candidate itself): equal ignoring case, within two
 * edits when both have at least 5 characters, or an abbreviation of it (a prefix of at least 3 characters).
 */
export function isNearMiss(input: string, candidate: string): boolean {
  if (input === candidate) return false;
  const a = input.toLowerCase();
  const b = candidate.toLowerCase();
  if (a === b) return true;
  if (a.length >= 5 && b.length >= 5 && editDistance(a, b) <= 2) return true;
  return a.length >= 3 && b.startsWith(a);
}
