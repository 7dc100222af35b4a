import type { Translator } from '../../i18n/translator';

export interface FactRow {
  label: string;
  value: string;
}

/**
 * Flattens any exported section into readable "label: value" rows for the export card; the JSON
 * file attached alongside keeps the exact structure.
 */
export function factsOf(data: unknown, t: Translator, prefix = ''): FactRow[] {
  if (data === undefined || data === null || (Array.isArray(data) && data.length === 0)) {
    return prefix ? [] : [{ label: '', value: t('members.privacy.nothing') }];
  }
  if (data instanceof Date) return [{ label: prefix, value: data.toISOString() }];
  if (Array.isArray(data))
    return data.flatMap((item, index) => factsOf(item, t, `${prefix}${prefix ? ' ' : ''}${index + 1}`));
  if (typeof data === 'object') {
    return Object.entries(data as Record<string, unknown>).flatMap(([key, value]) =>
      // Conversation references are technical routing data, listed in the file only.
      key === 'personalConversation' ? [] : factsOf(value, t, prefix ? `${prefix} › ${key}` : key),
    );
  }
  return [{ label: prefix, value: String(data) }];
}
