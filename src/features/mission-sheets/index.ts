import { z } from 'zod';
import type { Feature } from '../../bot/feature';
import type { Turn } from '../../bot/turn';
import { seedOnce } from '../../db/seed-once';
import { AppError } from '../../errors';
import {
  resolveGroup,
  createGroupsRepository,
  can,
  ensureAllowed,
  type Actor,
  createActorLoader,
  createMembersRepository,
} from '../../people';
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
import { sheetLifeCycle } from './sheet-status';
import { statusNameKeys, type Banner, type SheetPage } from './sheet-view';
import { demoSheets } from './seed-sheets';
import { missionSheetPermissions } from './permissions';
import { contributeMissionSheetsToTab } from './tab';

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
          allowed: sheetLifeCycle
            .next(outcome.from)
            .map((status) => turn.t(statusNameKeys[status]))
            .join(', '),
        }),
      });
  }
}

export const missionSheetsFeature: Feature = {
  name: 'missionSheets',

  async register({ router, database, config, clock, personalData, tab }) {
    const [sheets, groups, members] = await Promise.all([
      createMissionSheetsRepository(database.connection),
      createGroupsRepository(database.connection),
      createMembersRepository(database.connection),
    ]);
    contributeMissionSheetsToTab(tab);
    const sources: SheetPageSources = { sheets, groups, members };
    const loadActor = createActorLoader(members, config.coordinators);
    personalData.add(missionSheetsPersonalData(sheets));

    const notFound = () => new AppError('NOT_FOUND', { what: { messageKey: 'groups.unknownGroup' } });

    async function requirePage(groupSlug: string): Promise<SheetPage> {
      const page = await loadSheetPage(sources, groupSlug);
      if (!page) throw notFound();
      return page;
    }

    async function actorAndPage(turn: Turn<unknown>, groupSlug: string): Promise<[Actor, SheetPage]> {
      return Promise.all([loadActor(turn.user, clock.now()), requirePage(groupSlug)]);
    }

    /** The sheet card as this person may see it; undefined for a draft they may not read yet. */
    function sheetCardFor(turn: Turn<unknown>, actor: Actor, page: SheetPage, banner?: Banner) {
      if (!canReadSheet(actor, page)) return undefined;
      return renderSheetCard(page, {
        canEdit: can(actor, missionSheetPermissions.editMissionSheet, page.group.slug),
        now: clock.now(),
        timeZone: config.timezone,
        t: turn.t,
        banner,
      });
    }

    router.command({
      name: 'missionSheet',
      wordsKey: 'missionSheets.command',
      descriptionKey: 'missionSheets.description',
      handler: async (turn) => {
        const allGroups = await groups.listGroups();
        const resolution = resolveGroup(turn.text, allGroups);
        if (resolution.kind === 'found') {
          const [actor, page] = await actorAndPage(turn, resolution.group.slug);
          const card = sheetCardFor(turn, actor, page);
          if (card) await turn.send({ card });
          else await turn.sendText('missionSheets.draftNotice.text', { group: page.group.title });
          return;
        }
        const query = turn.text.trim().slice(0, 80);
        const introKey =
          resolution.kind === 'ambiguous' ? 'missionSheets.choose.ambiguous' : 'missionSheets.choose.unknown';
        const intro = query === '' ? turn.t('missionSheets.choose.empty') : turn.t(introKey, { query });
        const candidates = resolution.kind === 'ambiguous' ? resolution.candidates : allGroups;
        await turn.send({ card: renderChooseGroupCard(intro, candidates, turn.t) });
      },
    });

    router.cardAction({
      verb: 'sheet.show',
      schema: groupActionSchema,
      handler: async (turn) => {
        const [actor, page] = await actorAndPage(turn, turn.data.groupSlug);
        await turn.updateCard(sheetCardFor(turn, actor, page) ?? renderDraftNoticeCard(page.group, turn.t));
      },
    });

    router.cardAction({
      verb: 'sheet.history',
      schema: groupActionSchema,
      handler: async (turn) => {
        const [actor, page] = await actorAndPage(turn, turn.data.groupSlug);
        if (!canReadSheet(actor, page)) {
          await turn.updateCard(renderDraftNoticeCard(page.group, turn.t));
          return;
        }
        const versions = await sheets.listVersions(page.group.slug, historyLength);
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
        ensureAllowed(
          await loadActor(turn.user, clock.now()),
          missionSheetPermissions.editMissionSheet,
          groupSlug,
        );
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
        ensureAllowed(actor, missionSheetPermissions.editMissionSheet, turn.data.groupSlug);
        const read = readSheetForm(turn.data);
        if (!read.ok) {
          throw new AppError('INVALID_INPUT', { details: describeFormProblems(read.problems, turn.t) });
        }
        const { form } = read;
        // A first save creates the sheet: only for a group that exists.
        if (!(await groups.findGroup(form.groupSlug))) throw notFound();
        const outcome = await saveSheet(sheets, { form, author: authorOf(actor), now });
        if (outcome.kind === 'stale') {
          turn.log.info(
            { code: 'CONFLICT', groupSlug: form.groupSlug, formVersion: form.version },
            'stale mission sheet save refused; showing the current version',
          );
        }
        const banner = bannerOf(outcome, turn);
        const page = await requirePage(form.groupSlug);
        await turn.updateCard(
          sheetCardFor(turn, actor, page, banner) ?? renderDraftNoticeCard(page.group, turn.t),
        );
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
