import {
  buildChannelParts,
  byteSize,
  cardBudgetBytes,
  type DigestContent,
} from '../../../src/features/info-flash/digest-cards';
import type { DigestItem } from '../../../src/features/info-flash/repository';
import { createTranslator } from '../../../src/i18n/translator';
import { textsOf } from '../../support/test-bot';

const t = createTranslator('fr');
const options = { t, timeZone: 'Europe/Paris' };
const audience = Array.from({ length: 60 }, (_, index) => `29:user-${index}`);

function content(items: DigestItem[]): DigestContent {
  return {
    digestId: '65f0a1b2c3d4e5f601234567',
    number: 7,
    periodFrom: new Date('2026-03-02T08:00:00Z'),
    periodTo: new Date('2026-03-09T08:00:00Z'),
    items,
  };
}

function longItem(index: number, section?: { title: string; order: number }): DigestItem {
  return {
    itemId: `item-${index}`,
    title: `Info n° ${index} : ${'titre long '.repeat(10)}`.slice(0, 120),
    text: `${'é'.repeat(20)} ${'Une phrase de nouvelles du réseau iX. '.repeat(40)}`.slice(0, 1_500),
    link: `https://intranet.example/news/${index}`,
    ...(section ? { groupSlug: `g${section.order}`, sectionTitle: section.title } : {}),
    sectionOrder: section ? section.order : 0,
  };
}

describe('digest cards', () => {
  it('keeps a small digest in one card titled "Info Flash", grouped by group, whole network first', () => {
    const items = [longItem(1, { title: 'La GPS', order: 3 }), longItem(2)];
    const [part, ...others] = buildChannelParts(content(items), audience, options)!;

    expect(others).toEqual([]);
    const texts = textsOf(part.card.body);
    expect(texts[0]).toBe('Info Flash');
    expect(texts[1]).toBe('N° 7 · du 2 mars 2026 au 9 mars 2026');
    expect(texts.indexOf('Tout le réseau iX')).toBeLessThan(texts.indexOf('La GPS'));
    expect(part.itemIds).toEqual(['item-2', 'item-1']);
  });

  it('splits a long digest into numbered parts under the card budget, without losing or cutting any item', () => {
    const items = Array.from({ length: 60 }, (_, index) =>
      longItem(index, index % 3 === 0 ? undefined : { title: `Groupe ${index % 3}`, order: index % 3 }),
    );

    const parts = buildChannelParts(content(items), audience, options)!;

    expect(parts.length).toBeGreaterThan(2);
    parts.forEach((part, index) => {
      expect(byteSize(part.card)).toBeLessThan(cardBudgetBytes);
      expect(textsOf(part.card.body)[0]).toBe(`Info Flash (${index + 1}/${parts.length})`);
    });
    const shown = parts.flatMap((part) => textsOf(part.card));
    for (const item of items) {
      expect(shown).toContain(item.title);
      expect(shown).toContain(item.text);
    }
    expect(parts.flatMap((part) => part.itemIds).sort()).toEqual(items.map((item) => item.itemId).sort());
  });

  it('refuses a correction that would push a stored part over the budget instead of cutting it', () => {
    const items = Array.from({ length: 14 }, (_, index) => longItem(index));
    const tooMany = [items.map((item) => item.itemId)];

    expect(buildChannelParts(content(items), audience, options, tooMany)).toBeUndefined();
  });
});
