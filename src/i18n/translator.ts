import { english, french, type Catalogue } from './catalogue';

/** French is the network's language; English is offered to people whose Teams speaks English. */
export type Locale = 'fr' | 'en';
export const defaultLocale: Locale = 'fr';

type LeafKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A dotted path to a text in the locale files, e.g. `help.title`. */
export type MessageKey = LeafKeys<Catalogue>;
export type MessageParams = Record<string, string | number>;

const catalogues: Record<Locale, Catalogue> = { fr: french, en: english };

/** Teams sends BCP-47 tags such as `fr-FR` or `en-US`; anything not English falls back to French. */
export function pickLocale(teamsLocale: string | undefined): Locale {
  return teamsLocale?.toLowerCase().startsWith('en') ? 'en' : defaultLocale;
}

function lookup(catalogue: unknown, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function interpolate(text: string, params: MessageParams | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}

export interface Translator {
  readonly locale: Locale;
  (key: MessageKey, params?: MessageParams): string;
  /** The whole catalogue of the locale, handed to card templates as `${t.help.title}`. */
  readonly catalogue: Catalogue;
  /** True when `key` names a text (used to translate schema messages that are locale keys). */
  has(key: string): key is MessageKey;
}

/**
 * The texts already found, per locale: a key is split and walked once, not at every use. Only
 * texts that exist are kept (the catalogue bounds them); `has` may be asked about any string.
 */
const found: Record<Locale, Map<string, string>> = { fr: new Map(), en: new Map() };

function cachedLookup(locale: Locale, key: string): string | undefined {
  const known = found[locale].get(key);
  if (known !== undefined) return known;
  const text = lookup(catalogues[locale], key);
  if (text !== undefined) found[locale].set(key, text);
  return text;
}

function buildTranslator(locale: Locale): Translator {
  const catalogue = catalogues[locale];
  const translate = (key: MessageKey, params?: MessageParams): string => {
    const text = cachedLookup(locale, key) ?? cachedLookup(defaultLocale, key);
    if (text === undefined) throw new Error(`Missing locale text "${key}"`);
    return interpolate(text, params);
  };
  const has = (key: string): key is MessageKey => cachedLookup(locale, key) !== undefined;
  return Object.assign(translate, { locale, catalogue, has });
}

/** Translators hold no state of their own, so each locale's is built once and shared. */
const translators: Record<Locale, Translator> = { fr: buildTranslator('fr'), en: buildTranslator('en') };

export function createTranslator(locale: Locale): Translator {
  return translators[locale];
}

export function localeCatalogue(locale: Locale): Catalogue {
  return catalogues[locale];
}
