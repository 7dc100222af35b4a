import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderCard } from '../../src/cards/render-card';
import { createTranslator } from '../../src/i18n/translator';

const sample = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, 'samples', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

describe('renderCard', () => {
  const fr = createTranslator('fr');
  const en = createTranslator('en');

  it('gives each call a card of its own, equal to the first rendering', () => {
    const first = renderCard('help/help', sample('help/help'), fr);
    const firstText = JSON.stringify(first);
    (first.body as unknown[]).length = 0;

    const second = renderCard('help/help', sample('help/help'), fr);

    expect(JSON.stringify(second)).toBe(firstText);
    expect(second).not.toBe(first);
  });

  it('renders again when the data or the language differ', () => {
    const data = sample('help/help');
    const french = JSON.stringify(renderCard('help/help', data, fr));

    expect(JSON.stringify(renderCard('help/help', data, en))).not.toBe(french);
    expect(JSON.stringify(renderCard('help/help', { ...data, commands: [] }, fr))).not.toBe(french);
  });
});
