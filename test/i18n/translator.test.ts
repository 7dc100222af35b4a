import { readdirSync } from 'node:fs';
import { english as en, french as fr } from '../../src/i18n/catalogue';
import { createTranslator, pickLocale } from '../../src/i18n/translator';

function keysOf(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => keysOf(value, prefix ? `${prefix}.${key}` : key));
}

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

describe('translator', () => {
  it('has the same texts in French and English', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(fr).sort());
  });

  it('uses the same placeholders in both languages', () => {
    const french = createTranslator('fr').catalogue;
    const english = createTranslator('en').catalogue;
    for (const key of keysOf(fr)) {
      const read = (catalogue: unknown) =>
        key
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogue) as string;
      expect([key, placeholdersOf(read(english))]).toEqual([key, placeholdersOf(read(french))]);
    }
  });

  it('picks English only for English Teams locales and French otherwise', () => {
    expect(pickLocale('en-US')).toBe('en');
    expect(pickLocale('en-GB')).toBe('en');
    expect(pickLocale('fr-FR')).toBe('fr');
    expect(pickLocale('de-DE')).toBe('fr');
    expect(pickLocale(undefined)).toBe('fr');
  });

  it('fills placeholders', () => {
    expect(createTranslator('fr')('common.unknownCommand', { text: 'bonjour' })).toBe(
      "Je n'ai pas compris « bonjour ». Tapez **aide** pour voir ce que je sais faire.",
    );
  });
});

describe('locale files', () => {
  it('are all registered in the catalogue, in both languages', () => {
    const namespaces = (language: string) =>
      readdirSync(`${__dirname}/../../locales/${language}`)
        // File names are kebab-case (mission-sheets.json), namespaces camelCase (missionSheets).
        .map((file) =>
          file.replace(/\.json$/, '').replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()),
        )
        .sort();
    expect(namespaces('fr')).toEqual(Object.keys(fr).sort());
    expect(namespaces('en')).toEqual(Object.keys(en).sort());
  });
});
