import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { renderCard } from '../../src/cards/render-card';
import { createTranslator } from '../../src/i18n/translator';
import { cardsDirectory } from '../../src/project-paths';
// The SDK's lib/ build is ESM without file extensions; its UMD bundle loads in Node as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AdaptiveCards = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const samplesDirectory = path.join(__dirname, 'samples');

function templateNames(): string[] {
  return readdirSync(cardsDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((feature) =>
      readdirSync(path.join(cardsDirectory, feature.name))
        .filter((file) => file.endsWith('.json'))
        .map((file) => `${feature.name}/${file.replace(/\.json$/, '')}`),
    );
}

/** Teams' documented limit for a card message; we keep well under it. */
const teamsCardBudgetBytes = 28 * 1024;

describe('card templates', () => {
  const names = templateNames();

  it('finds the templates', () => {
    expect(names).toContain('help/help');
  });

  describe.each(names)('%s', (name) => {
    const samplePath = path.join(samplesDirectory, `${name}.json`);

    it('has sample data to render with', () => {
      expect(existsSync(samplePath)).toBe(true);
    });

    it.each(['fr', 'en'] as const)(
      'renders in %s as a valid Adaptive Card 1.5 with no unresolved expression',
      (locale) => {
        const sample = JSON.parse(readFileSync(samplePath, 'utf8')) as Record<string, unknown>;
        const card = renderCard(name, sample, createTranslator(locale));

        expect(card.version).toBe('1.5');
        expect(JSON.stringify(card)).not.toMatch(/\$\{/);
        expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(teamsCardBudgetBytes);

        const parsed = new AdaptiveCards.AdaptiveCard();
        const context = new AdaptiveCards.SerializationContext();
        parsed.parse(card, context);
        const problems = Array.from(
          { length: context.eventCount },
          (_, index) => context.getEventAt(index).message,
        );
        expect(problems).toEqual([]);
        expect(parsed.getItemCount()).toBeGreaterThan(0);
      },
    );
  });
});
