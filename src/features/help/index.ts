import type { Feature } from '../../bot/feature';
import { renderCard } from '../../cards/render-card';
import type { Router } from '../../bot/router';
import type { Translator } from '../../i18n/translator';

/** The help card lists the commands of the features installed, in the person's language. */
export function renderHelpCard(router: Router, t: Translator) {
  const commands = router.listedCommands().map((command) => ({
    words: t(command.wordsKey),
    description: t(command.descriptionKey),
  }));
  return renderCard('help/help', { commands }, t);
}

export const helpFeature: Feature = {
  name: 'help',
  register({ router }) {
    router.command({
      name: 'help',
      wordsKey: 'help.command',
      descriptionKey: 'help.description',
      aliases: ['?', 'menu'],
      handler: async (turn) => {
        await turn.send({ card: renderHelpCard(router, turn.t) });
      },
    });
  },
};
