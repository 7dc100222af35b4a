import { z } from 'zod';
import { cardActions, type AnyCardAction, type CardActionRegistration } from '../../bot/router';
import {
  bannerOf,
  renderDraftNoticeCard,
  renderEditCard,
  renderHistoryCard,
  renderSheetView,
  saveRefusal,
} from './cards';
import { historyFor, saveSheetForm, sheetFor, sheetToEdit, type MissionSheetDependencies } from './service';
import { groupSlugSchema } from './sheet-form';

const groupActionSchema = z.object({ groupSlug: groupSlugSchema });
/** `sheet.save` is parsed strictly by `readSheetForm`, which names every problem in the person's words. */
const saveActionSchema = z.looseObject({ groupSlug: groupSlugSchema });

/** A group picked on the "which group?" card, or "back to the sheet" from the history. */
export function showSheet(deps: MissionSheetDependencies): CardActionRegistration<typeof groupActionSchema> {
  return {
    verb: 'sheet.show',
    schema: groupActionSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const view = await sheetFor(deps, await deps.loadActor(turn.user, now), turn.data.groupSlug);
      await turn.updateCard(renderSheetView(view, { now, timeZone: deps.timeZone, t: turn.t }));
    },
  };
}

export function showHistory(
  deps: MissionSheetDependencies,
): CardActionRegistration<typeof groupActionSchema> {
  return {
    verb: 'sheet.history',
    schema: groupActionSchema,
    handler: async (turn) => {
      const actor = await deps.loadActor(turn.user, deps.clock.now());
      const history = await historyFor(deps, actor, turn.data.groupSlug);
      await turn.updateCard(
        history.kind === 'hiddenDraft'
          ? renderDraftNoticeCard(history.page.group, turn.t)
          : renderHistoryCard(history.page.group, history.versions, { t: turn.t, timeZone: deps.timeZone }),
      );
    },
  };
}

export function editSheet(deps: MissionSheetDependencies): CardActionRegistration<typeof groupActionSchema> {
  return {
    verb: 'sheet.edit',
    schema: groupActionSchema,
    handler: async (turn) => {
      const actor = await deps.loadActor(turn.user, deps.clock.now());
      await turn.updateCard(renderEditCard(await sheetToEdit(deps, actor, turn.data.groupSlug), turn.t));
    },
  };
}

/** The edit form's save: the sheet again, with what happened on top (saved, unchanged, stale). */
export function saveSheet(deps: MissionSheetDependencies): CardActionRegistration<typeof saveActionSchema> {
  return {
    verb: 'sheet.save',
    schema: saveActionSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.loadActor(turn.user, now);
      const save = { actor, groupSlug: turn.data.groupSlug, data: turn.data, now, log: turn.log };
      const result = await saveSheetForm(deps, save);
      if (result.kind !== 'shown') throw saveRefusal(result, turn.t);
      const banner = bannerOf(result.outcome, turn.t);
      await turn.updateCard(
        renderSheetView(result.view, { now, timeZone: deps.timeZone, t: turn.t, banner }),
      );
    },
  };
}

export const missionSheetCardActions = (deps: MissionSheetDependencies): AnyCardAction[] =>
  cardActions(showSheet(deps), showHistory(deps), editSheet(deps), saveSheet(deps));
