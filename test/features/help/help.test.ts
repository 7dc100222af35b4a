import type { ListedCommand } from '../../../src/bot/router';
import type { Turn } from '../../../src/bot/turn';
import { renderHelpCard } from '../../../src/features/help/cards';
import { showHelp } from '../../../src/features/help/commands';
import { createTranslator } from '../../../src/i18n/translator';
import { textsOf } from '../../support/test-bot';

const commands: ListedCommand[] = [
  { name: 'help', wordsKey: 'help.command', descriptionKey: 'help.description' },
  {
    name: 'booklet',
    wordsKey: 'onboarding.booklet.command',
    descriptionKey: 'onboarding.booklet.description',
  },
];

const facts = (card: unknown) =>
  (card as { body: Array<{ type: string; facts?: Array<{ title: string; value: string }> }> }).body.find(
    (element) => element.type === 'FactSet',
  )?.facts;

describe('help', () => {
  it('lists each command with its words and description in the person’s language', () => {
    const french = renderHelpCard(commands, createTranslator('fr'));
    const english = renderHelpCard(commands, createTranslator('en'));

    expect(facts(french)?.map((fact) => fact.title)).toEqual(['aide', 'livret']);
    expect(facts(english)?.[0]).toEqual({ title: 'help', value: 'See what I can do' });
    expect(textsOf(english)).toContain('iX, at your service');
  });

  it('reads the commands when asked, so that those registered after it are listed too', async () => {
    const listed: ListedCommand[] = [];
    const help = showHelp({ listedCommands: () => listed });
    listed.push(...commands);
    const sent: unknown[] = [];
    const turn = { t: createTranslator('fr'), send: async (message: unknown) => void sent.push(message) };

    await help.handler(turn as unknown as Turn<undefined>);

    expect(facts((sent[0] as { card: unknown }).card)).toHaveLength(2);
  });
});
