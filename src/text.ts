/**
 * Text helpers shared by commands, forms and configuration, each written once.
 */

/** Lower case without accents ("Émilie" → "emilie"), for matching what people type on a phone. */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** "a, b,,c " → ["a", "b", "c"]: settings, multi-select choice sets and id lists all post this. */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
