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

  it('never takes data that is not plain JSON for other data with the same JSON text', () => {
    // Two objects whose JSON text is the same but whose fields, which the template reads, differ.
    class Described {
      constructor(readonly description: string) {}
      toJSON() {
        return 'une commande';
      }
    }
    const commandsWith = (description: string) => ({
      commands: [Object.assign(new Described(description), { words: 'aide' })],
    });

    const first = JSON.stringify(renderCard('help/help', commandsWith('Premier texte'), fr));
    const second = JSON.stringify(renderCard('help/help', commandsWith('Second texte'), fr));

    expect(first).toContain('Premier texte');
    expect(second).toContain('Second texte');
  });
});
