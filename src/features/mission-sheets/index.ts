import { z } from 'zod';
import type { Feature } from '../../bot/feature';
import type { Turn } from '../../bot/turn';
import type { AdaptiveCardJson } from '../../cards/render-card';
import { seedOnce } from '../../db/seed-once';
import { AppError } from '../../errors';
import { resolveGroup } from '../groups/group-resolution';
import { createGroupsRepository } from '../groups/repository';
import { can, ensureAllowed, type Actor } from '../members/actor';
import { createActorLoader } from '../members/actor-loader';
import { createMembersRepository } from '../members/repository';
import { missionSheetsPersonalData } from './personal-data';
import { createMissionSheetsRepository } from './repository';
import { saveSheet, type SaveOutcome } from './save-sheet';
import {
  renderChooseGroupCard,
  renderDraftNoticeCard,
  renderEditCard,
  renderHistoryCard,
  renderSheetCard,
} from './sheet-cards';
import type { SheetAuthor } from './sheet-content';
import { describeFormProblems, groupSlugSchema, readSheetForm } from './sheet-form';
import { canReadSheet, loadSheetPage, type SheetPageSources } from './sheet-page';
import { reachableStatuses } from './sheet-status';
import { statusNameKeys, type Banner, type SheetPage } from './sheet-view';
import { demoSheets } from './seed-sheets';

/** How many versions the history card lists. */
const historyLength = 10;

const groupActionSchema = z.object({ groupSlug: groupSlugSchema });
/** `sheet.save` is parsed strictly by `readSheetForm`, which names every problem in the person's words. */
const saveActionSchema = z.looseObject({ groupSlug: groupSlugSchema });

const authorOf = (actor: Actor): SheetAuthor => ({
  kind: 'member',
  memberId: actor.member.id,
  name: actor.member.displayName,
});

/** What the save tells the person on top of the sheet it shows next. */
function bannerOf(outcome: SaveOutcome, turn: Turn<unknown>): Banner {
  switch (outcome.kind) {
    case 'saved':
      return { tone: 'good', text: turn.t('missionSheets.sheet.saved', { version: outcome.sheet.version }) };
    case 'unchanged':
      return {
        tone: 'good',
        text: turn.t('missionSheets.sheet.unchanged', { version: outcome.sheet.version }),
      };
    case 'stale':
      return { tone: 'warning', text: new AppError('CONFLICT').describe(turn.t) };
    case 'refusedTransition':
      throw new AppError('INVALID_INPUT', {
        details: turn.t('missionSheets.form.transition', {
          from: turn.t(statusNameKeys[outcome.from]),
          to: turn.t(statusNameKeys[outcome.to]),
          allowed: reachableStatuses(outcome.from)
            .map((status) => turn.t(statusNameKeys[status]))
            .join(', '),
        }),
      });
  }
}

export const missionSheetsFeature: Feature = {
  name: 'missionSheets',

  async register({ router, database, config, clock, personalData }) {
    const [sheets, groups, members] = await Promise.all([
      createMissionSheetsRepository(database.connection),
      createGroupsRepository(database.connection),
      createMembersRepository(database.connection),
    ]);
    const sources: SheetPageSources = { sheets, groups, members };
    const loadActor = createActorLoader(members, config.coordinators);
    personalData.add(missionSheetsPersonalData(sheets));

    async function requirePage(groupSlug: string): Promise<SheetPage> {
      const page = await loadSheetPage(sources, groupSlug);
      if (!page) throw new AppError('NOT_FOUND', { what: { messageKey: 'groups.unknownGroup' } });
      return page;
    }

    /** The sheet as this person may see it: a draft only shows to the group's team. */
    async function sheetFor(
      turn: Turn<unknown>,
      groupSlug: string,
      banner?: Banner,
    ): Promise<{ card: AdaptiveCardJson } | { draftOf: SheetPage }> {
      const now = clock.now();
      const [actor, page] = await Promise.all([loadActor(turn.user, now), requirePage(groupSlug)]);
      if (!canReadSheet(actor, page)) return { draftOf: page };
      const canEdit = can(actor, 'editMissionSheet', groupSlug);
      return { card: renderSheetCard(page, { canEdit, now, timeZone: config.timezone, t: turn.t, banner }) };
    }

    async function showSheetInPlace(turn: Turn<unknown>, groupSlug: string, banner?: Banner): Promise<void> {
      const shown = await sheetFor(turn, groupSlug, banner);
      await turn.updateCard(
        'card' in shown ? shown.card : renderDraftNoticeCard(shown.draftOf.group, turn.t),
      );
    }

    router.command({
      name: 'missionSheet',
      wordsKey: 'missionSheets.command',
      descriptionKey: 'missionSheets.description',
      handler: async (turn) => {
        const allGroups = await groups.listGroups();
        const resolution = resolveGroup(turn.text, allGroups);
        if (resolution.kind === 'found') {
          const shown = await sheetFor(turn, resolution.group.slug);
          if ('card' in shown) await turn.send({ card: shown.card });
          else await turn.sendText('missionSheets.draftNotice.text', { group: shown.draftOf.group.title });
          return;
        }
        const query = turn.text.trim().slice(0, 80);
        const intro =
          query === ''
            ? turn.t('missionSheets.choose.empty')
            : turn.t(
                resolution.kind === 'ambiguous'
                  ? 'missionSheets.choose.ambiguous'
                  : 'missionSheets.choose.unknown',
                {
                  query,
                },
              );
        const candidates = resolution.kind === 'ambiguous' ? resolution.candidates : allGroups;
        await turn.send({ card: renderChooseGroupCard(intro, candidates, turn.t) });
      },
    });

    router.cardAction({
      verb: 'sheet.show',
      schema: groupActionSchema,
      handler: (turn) => showSheetInPlace(turn, turn.data.groupSlug),
    });

    router.cardAction({
      verb: 'sheet.history',
      schema: groupActionSchema,
      handler: async (turn) => {
        const { groupSlug } = turn.data;
        const [actor, page] = await Promise.all([loadActor(turn.user, clock.now()), requirePage(groupSlug)]);
        if (!canReadSheet(actor, page)) {
          await turn.updateCard(renderDraftNoticeCard(page.group, turn.t));
          return;
        }
        const versions = await sheets.listVersions(groupSlug, historyLength);
        await turn.updateCard(
          renderHistoryCard(page.group, versions, { t: turn.t, timeZone: config.timezone }),
        );
      },
    });

    router.cardAction({
      verb: 'sheet.edit',
      schema: groupActionSchema,
      handler: async (turn) => {
        const { groupSlug } = turn.data;
        ensureAllowed(await loadActor(turn.user, clock.now()), 'editMissionSheet', groupSlug);
        await turn.updateCard(renderEditCard(await requirePage(groupSlug), turn.t));
      },
    });

    router.cardAction({
      verb: 'sheet.save',
      schema: saveActionSchema,
      handler: async (turn) => {
        const now = clock.now();
        const actor = await loadActor(turn.user, now);
        // Who may save is decided from the stored roles of the person who clicked, before reading the form.
        ensureAllowed(actor, 'editMissionSheet', turn.data.groupSlug);
        const read = readSheetForm(turn.data);
        if (!read.ok)
          throw new AppError('INVALID_INPUT', { details: describeFormProblems(read.problems, turn.t) });
        await requirePage(read.form.groupSlug);
        const outcome = await saveSheet(sheets, { form: read.form, author: authorOf(actor), now });
        if (outcome.kind === 'stale') {
          turn.log.info(
            { code: 'CONFLICT', groupSlug: read.form.groupSlug, formVersion: read.form.version },
            'stale mission sheet save refused; showing the current version',
          );
        }
        await showSheetInPlace(turn, read.form.groupSlug, bannerOf(outcome, turn));
      },
    });
  },

  /** One sheet per group, seeded once as version 1 by the coordination. */
  async seed({ database, clock }) {
    const sheets = await createMissionSheetsRepository(database.connection);
    await seedOnce(database.connection, 'missionSheets', async () => {
      const savedAt = clock.now();
      for (const { groupSlug, content } of demoSheets) {
        await sheets.seedSheet({ groupSlug, content, savedBy: { kind: 'system' }, savedAt });
      }
    });
  },
};
