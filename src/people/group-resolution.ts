import { normalizeCommandText } from '../bot/command-text';
import type { GroupRecord } from './groups-repository';

export type GroupResolution =
  | { kind: 'found'; group: GroupRecord }
  | { kind: 'ambiguous'; candidates: GroupRecord[] }
  | { kind: 'unknown' };

/** Words too common to tell groups apart ("la", "de"…), ignored when matching. */
const fillerWords = new Set([
  'la',
  'le',
  'les',
  'de',
  'des',
  'du',
  'd',
  'l',
  'a',
  'dans',
  'elle',
  'est',
  'pas',
  'groupe',
]);

function wordsOf(text: string): string[] {
  return normalizeCommandText(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !fillerWords.has(word));
}

/**
 * Finds the group people mean by what they typed: its slug ("gps"), words of its title
 * ("accueil", "réunionite"), or of one of its workstreams ("info flash" → trans).
 */
export function resolveGroup(query: string, groups: readonly GroupRecord[]): GroupResolution {
  const queryWords = wordsOf(query);
  if (queryWords.length === 0) return { kind: 'unknown' };
  const normalizedQuery = normalizeCommandText(query).replace(/\s+/g, '-');
  const bySlug = groups.find((group) => group.slug === normalizedQuery);
  if (bySlug) return { kind: 'found', group: bySlug };

  const scored = groups
    .map((group) => {
      const titleWords = wordsOf(`${group.title} ${group.slug.replace(/-/g, ' ')}`);
      const workstreamWords = wordsOf(group.workstreams.map((workstream) => workstream.title).join(' '));
      const matches = (words: string[]) =>
        queryWords.filter((word) =>
          words.some((candidate) => candidate === word || (word.length >= 4 && candidate.startsWith(word))),
        ).length;
      // A title match weighs more than a workstream match.
      return { group, score: matches(titleWords) * 2 + matches(workstreamWords) };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score);

  if (scored.length === 0) return { kind: 'unknown' };
  const best = scored.filter((entry) => entry.score === scored[0].score);
  if (best.length === 1) return { kind: 'found', group: best[0].group };
  return { kind: 'ambiguous', candidates: best.map((entry) => entry.group) };
}
