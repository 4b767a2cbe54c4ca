import { MAX_QUERY_WORDS, tokenize } from '#server/search/text.ts';

/** Synonyms by query phrase (tokens joined by a space) → alternative token lists. */
export type SynonymMap = Map<string, string[][]>;

/** One way to match a group: its words, and whether they may carry typos (synonyms may not). */
export interface Alternative {
  words: string[];
  tolerant: boolean;
}

/** One query word (or a phrase with synonyms) and its alternative spellings. */
export interface Group {
  alternatives: Alternative[];
  /** The group ends the query: its last word matches as a prefix. */
  isLast: boolean;
}

const MAX_SYNONYM_SPAN = 3;

/** Splits a query into groups, folding in synonyms of single words and short phrases (up to three words). */
export function buildGroups(q: string, synonyms: SynonymMap): Group[] {
  const tokens = tokenize(q).slice(0, MAX_QUERY_WORDS);
  const groups: Group[] = [];
  for (let i = 0; i < tokens.length; ) {
    let span = 1;
    let alternatives: string[][] | undefined;
    for (let s = Math.min(MAX_SYNONYM_SPAN, tokens.length - i); s >= 1; s--) {
      const found = synonyms.get(tokens.slice(i, i + s).join(' '));
      if (found) {
        span = s;
        alternatives = found;
        break;
      }
    }
    groups.push({
      alternatives: [
        { words: tokens.slice(i, i + span), tolerant: true },
        ...(alternatives ?? []).map((words) => ({ words, tolerant: false })),
      ],
      isLast: i + span === tokens.length,
    });
    i += span;
  }
  return groups;
}

/** Synonyms in the engine's form: keys and alternatives tokenised as queries are. */
export function synonymMap(synonyms: Record<string, string[]>): SynonymMap {
  const map: SynonymMap = new Map();
  for (const [phrase, alternatives] of Object.entries(synonyms)) {
    const key = tokenize(phrase).join(' ');
    if (!key) continue;
    map.set(
      key,
      alternatives.map((a) => tokenize(a)).filter((t) => t.length > 0),
    );
  }
  return map;
}
