import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import type { ListedCommand } from '../../bot/router';
import type { Translator } from '../../i18n/translator';

/** The help card lists the commands of the features installed, in the person's language. */
export function renderHelpCard(commands: readonly ListedCommand[], t: Translator): AdaptiveCardJson {
  const rows = commands.map((command) => ({
    words: t(command.wordsKey),
    description: t(command.descriptionKey),
  }));
  return renderCard('help/help', { commands: rows }, t);
}
