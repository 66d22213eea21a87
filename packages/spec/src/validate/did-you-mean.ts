import { SUGGEST_MAX_INPUT } from '../generation-limits.js';

/** Levenshtein distance, for "did you mean" hints on misspelt keys, types and names. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * Names other tools (SQL, JSON Schema, older synth drafts) give the built-in types: too far from ours for the edit
 * distance, yet what the user clearly meant.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  integer: 'int', bigint: 'int', smallint: 'int', long: 'int', number: 'float', double: 'float', real: 'float',
  numeric: 'decimal', money: 'decimal', boolean: 'bool', str: 'string', text: 'string', varchar: 'string', char: 'string',
  timestamp: 'datetime', timestamptz: 'datetime', guid: 'uuid', serial: 'sequence', autoincrement: 'sequence',
  auto_increment: 'sequence', identity: 'sequence', choice: 'enum', category: 'enum',
};

/** The closest candidate within a distance that scales with the word's length, if any. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  // The distance costs length × length per candidate: a 100,000-character word against the Faker catalogue took
  // seconds, and no key, type or name is that long, so such a word has no near miss worth the search.
  if (word.length > SUGGEST_MAX_INPUT) return undefined;
  const list = [...candidates];
  const synonym = Object.hasOwn(SYNONYMS, word.toLowerCase()) ? SYNONYMS[word.toLowerCase()]! : undefined;
  if (synonym !== undefined && list.includes(synonym)) return synonym;
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const c of list) {
    if (Math.abs(c.length - word.length) > limit) continue; // the distance is at least the difference in length
    const d = editDistance(word, c);
    if (d < bestDistance && d <= limit) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
