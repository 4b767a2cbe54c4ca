import { catalogueEntries } from '#db/seed/catalogue.ts';
import { tokenize } from './text.ts';

let cached: Record<string, string[]> | undefined;

/**
 * Search synonyms from the skill catalogue's aliases, one way: searching "k8s" also
 * finds "Kubernetes", but searching "JavaScript" does not match every "js" (such as
 * the one in "Node.js"). Keys and values are in the tokenised form both engines use.
 */
export function catalogueSynonyms(): Record<string, string[]> {
  if (cached) return cached;
  const synonyms: Record<string, Set<string>> = {};
  for (const skill of catalogueEntries()) {
    const name = tokenize(skill.name).join(' ');
    for (const alias of skill.aliases) {
      const key = tokenize(alias).join(' ');
      if (!key || key === name) continue;
      (synonyms[key] ??= new Set()).add(name);
    }
  }
  cached = Object.fromEntries(Object.entries(synonyms).map(([k, v]) => [k, [...v]]));
  return cached;
}
