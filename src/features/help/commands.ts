import type { CommandRegistration, Router } from '../../bot/router';
import { renderHelpCard } from './cards';

/**
 * `aide`: every listed command. The list is read at each call, so commands registered by features
 * after this one are on the card too.
 */
export function showHelp(router: Pick<Router, 'listedCommands'>): CommandRegistration {
  return {
    name: 'help',
    wordsKey: 'help.command',
    descriptionKey: 'help.description',
    aliases: ['?', 'menu'],
    handler: async (turn) => {
      await turn.send({ card: renderHelpCard(router.listedCommands(), turn.t) });
    },
  };
}
