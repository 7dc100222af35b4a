import { foldAccents } from '../text';

/**
 * Command matching is forgiving on case, accents, punctuation and spacing: people type
 * "Aide", "aide !", "fiche   GPS" or "mes donnees" on a phone without accents.
 */
export function normalizeCommandText(text: string): string {
  return foldAccents(text)
    .replace(/[’']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[!?.,;:]+$/, '');
}

/** Removes Teams mention markup (`<at>iX</at>`) and stray HTML left by the desktop client. */
export function stripMentions(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

export interface CommandMatch<T> {
  command: T;
  /** The original text after the command words, accents and case preserved. */
  args: string;
}

/** The normalized words of each command phrase, computed once: every message is matched against all. */
const phraseWordsCache = new Map<string, readonly string[]>();

function wordsOf(phrase: string): readonly string[] {
  let words = phraseWordsCache.get(phrase);
  if (!words) {
    words = normalizeCommandText(phrase).split(' ');
    phraseWordsCache.set(phrase, words);
  }
  return words;
}

/**
 * Finds the command whose words open the text, preferring the longest phrase so that
 * "info flash archives" wins over "info".
 */
export function matchCommand<T>(
  text: string,
  phrases: ReadonlyArray<{ phrase: string; command: T }>,
): CommandMatch<T> | undefined {
  const originalWords = text
    .replace(/\s*[!?.,;:]+\s*$/, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const normalizedWords = originalWords.map(normalizeCommandText);
  let best: { length: number; command: T } | undefined;
  for (const { phrase, command } of phrases) {
    const phraseWords = wordsOf(phrase);
    if (phraseWords.length > normalizedWords.length) continue;
    const opens = phraseWords.every((word, index) => normalizedWords[index] === word);
    if (opens && (!best || phraseWords.length > best.length)) best = { length: phraseWords.length, command };
  }
  if (!best) return undefined;
  return { command: best.command, args: originalWords.slice(best.length).join(' ') };
}
