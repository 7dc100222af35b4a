import type { CommandRegistration } from '../../bot/router';
import type { MessageKey } from '../../i18n/translator';
import { renderChooseGroupCard, renderSheetCard } from './cards';
import { lookUpSheet, type MissionSheetDependencies, type SheetLookup } from './service';

const chooseIntroKeys: Record<Extract<SheetLookup, { kind: 'choose' }>['reason'], MessageKey> = {
  empty: 'missionSheets.choose.empty',
  unknown: 'missionSheets.choose.unknown',
  ambiguous: 'missionSheets.choose.ambiguous',
};

/** `fiche <groupe>`: the group's mission sheet, or the groups to choose from. */
export function openSheet(deps: MissionSheetDependencies): CommandRegistration {
  return {
    name: 'missionSheet',
    wordsKey: 'missionSheets.command',
    descriptionKey: 'missionSheets.description',
    handler: async (turn) => {
      const now = deps.clock.now();
      const lookup = await lookUpSheet(deps, await deps.loadActor(turn.user, now), turn.text);
      if (lookup.kind === 'choose') {
        const intro = turn.t(chooseIntroKeys[lookup.reason], { query: lookup.query });
        await turn.send({ card: renderChooseGroupCard(intro, lookup.candidates, turn.t) });
        return;
      }
      const { view } = lookup;
      if (view.kind === 'hiddenDraft') {
        await turn.sendText('missionSheets.draftNotice.text', { group: view.page.group.title });
        return;
      }
      const options = { canEdit: view.canEdit, now, timeZone: deps.timeZone, t: turn.t };
      await turn.send({ card: renderSheetCard(view.page, options) });
    },
  };
}

export const missionSheetCommands = (deps: MissionSheetDependencies): CommandRegistration[] => [
  openSheet(deps),
];
