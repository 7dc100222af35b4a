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

  it('hands every call with the same data the same card, frozen so no turn can change it', () => {
    const first = renderCard('help/help', sample('help/help'), fr);
    const firstText = JSON.stringify(first);

    expect(() => (first.body as unknown[]).push({ type: 'TextBlock' })).toThrow(TypeError);
    expect(() => Object.assign(first, { refresh: {} })).toThrow(TypeError);
    const [firstElement] = first.body as Array<Record<string, unknown>>;
    expect(() => (firstElement.type = 'Image')).toThrow(TypeError);

    const second = renderCard('help/help', sample('help/help'), fr);
    expect(second).toBe(first);
    expect(JSON.stringify(second)).toBe(firstText);
  });

  it('freezes the cards of data it cannot memoize too', () => {
    const card = renderCard('help/help', { ...sample('help/help'), when: new Date(0) }, fr);
    expect(Object.isFrozen(card)).toBe(true);
    expect(Object.isFrozen(card.body)).toBe(true);
  });

  it('names who Teams refreshes a card for on one shared rendering of it', () => {
    const data = sample('polls/poll');
    const forThomas = renderCard('polls/poll', data, fr, ['ix-user-thomas']);
    const forJulien = renderCard('polls/poll', data, fr, ['ix-user-julien']);

    expect((forThomas.refresh as { userIds: string[] }).userIds).toEqual(['ix-user-thomas']);
    expect((forJulien.refresh as { userIds: string[] }).userIds).toEqual(['ix-user-julien']);
    // One expansion serves both readers: everything but the refresh is the same card.
    expect(forJulien.body).toBe(forThomas.body);
    expect(Object.isFrozen(forJulien.refresh)).toBe(true);
    // A card without a refresh stays without one.
    expect(renderCard('help/help', sample('help/help'), fr, ['ix-user-thomas']).refresh).toBeUndefined();
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
