import { z } from 'zod';
import { cardActions, type AnyCardAction, type CardActionRegistration } from '../../bot/router';
import { formatCalendarDay } from '../../i18n/calendar';
import { renderBookletContents, renderBookletPage, renderSectionEditCard } from './booklet-cards';
import {
  renderFollowUpCard,
  renderPathView,
  renderStepChoice,
  renderStepEditCard,
  stepToggleNotice,
} from './cards';
import { sectionFormSchema, slugSchema, stepChangesFrom, stepFormSchema } from './content-forms';
import { removeStep, saveSection, saveStep, sectionToEdit, stepToEdit } from './content-service';
import type { FollowUpSort } from './newcomers';
import {
  newcomersFollowedBy,
  pathOf,
  saveStartDate,
  setRemindersPaused,
  setStepDone,
  type OnboardingDependencies,
} from './service';

const emptySchema = z.object({}).strict();
const startDateSchema = z
  .object({ startDate: z.string().trim().max(10, 'onboarding.startDate.invalid') })
  .strict();
const stepToggleSchema = z.object({ stepSlug: slugSchema, done: z.boolean() }).strict();
const remindersSchema = z.object({ paused: z.boolean() }).strict();
const followUpSorts = ['lateness', 'name', 'startDate'] as const satisfies readonly FollowUpSort[];
const followUpSchema = z.object({ sort: z.enum(followUpSorts) }).strict();
const slugOnlySchema = z.object({ slug: slugSchema }).strict();
const bookletPageSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]{1,60}$/, 'onboarding.booklet.unknownSection'),
    page: z.coerce.number().int().min(0).max(1000).default(0),
  })
  .strict();

/** "Voir mon parcours" on the reminder and the welcome: the reminder card turns into the path. */
export function openPath(deps: OnboardingDependencies): CardActionRegistration<typeof emptySchema> {
  return {
    verb: 'onboarding.path.show',
    schema: emptySchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const { member } = await deps.loadActor(turn.user, now);
      await turn.updateCard(renderPathView(turn.t, await pathOf(deps, member, now)));
    },
  };
}

export function recordStartDate(
  deps: OnboardingDependencies,
): CardActionRegistration<typeof startDateSchema> {
  return {
    verb: 'onboarding.startDate.save',
    schema: startDateSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const { member } = await deps.loadActor(turn.user, now);
      const updated = await saveStartDate(deps, member, turn.data.startDate, now);
      const notice = turn.t('onboarding.startDate.saved', {
        date: formatCalendarDay(turn.data.startDate, turn.locale),
      });
      await turn.updateCard(renderPathView(turn.t, await pathOf(deps, updated, now), notice));
    },
  };
}

/** Fait / Annuler on a step of the path. */
export function toggleStep(deps: OnboardingDependencies): CardActionRegistration<typeof stepToggleSchema> {
  return {
    verb: 'onboarding.step.toggle',
    schema: stepToggleSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const { member } = await deps.loadActor(turn.user, now);
      const { toggle, path } = await setStepDone(deps, member, turn.data, now);
      await turn.updateCard(renderPathView(turn.t, path, stepToggleNotice(turn.t, toggle)));
    },
  };
}

/** The reminders switch at the bottom of the path card. */
export function switchReminders(
  deps: OnboardingDependencies,
): CardActionRegistration<typeof remindersSchema> {
  return {
    verb: 'onboarding.reminders.set',
    schema: remindersSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const { member } = await deps.loadActor(turn.user, now);
      await setRemindersPaused(deps, member, turn.data.paused, now);
      const notice = turn.t(turn.data.paused ? 'onboarding.pause.done' : 'onboarding.resume.done');
      await turn.updateCard(renderPathView(turn.t, await pathOf(deps, member, now), notice));
    },
  };
}

/** The follow-up card's sort buttons. */
export function sortNewcomers(deps: OnboardingDependencies): CardActionRegistration<typeof followUpSchema> {
  return {
    verb: 'onboarding.followUp',
    schema: followUpSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const newcomers = await newcomersFollowedBy(deps, await deps.loadActor(turn.user, now), now);
      await turn.updateCard(renderFollowUpCard(turn.t, newcomers, turn.data.sort));
    },
  };
}

/** A step picked on the "which step?" card: its edit form. */
export function openStepForm(deps: OnboardingDependencies): CardActionRegistration<typeof slugOnlySchema> {
  return {
    verb: 'onboarding.step.edit',
    schema: slugOnlySchema,
    handler: async (turn) => {
      const actor = await deps.loadActor(turn.user, deps.clock.now());
      await turn.updateCard(renderStepEditCard(turn.t, await stepToEdit(deps, actor, turn.data.slug)));
    },
  };
}

export function saveStepForm(deps: OnboardingDependencies): CardActionRegistration<typeof stepFormSchema> {
  return {
    verb: 'onboarding.step.save',
    schema: stepFormSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.loadActor(turn.user, now);
      const edit = { slug: turn.data.slug, changes: stepChangesFrom(turn.data) };
      const step = await saveStep(deps, actor, edit, now);
      const notice = turn.t('onboarding.stepEdit.saved', { step: step.title });
      await turn.updateCard(renderStepEditCard(turn.t, step, notice));
    },
  };
}

export function removeStepForm(deps: OnboardingDependencies): CardActionRegistration<typeof slugOnlySchema> {
  return {
    verb: 'onboarding.step.remove',
    schema: slugOnlySchema,
    handler: async (turn) => {
      const actor = await deps.loadActor(turn.user, deps.clock.now());
      const { removed, steps } = await removeStep(deps, actor, turn.data.slug);
      const notice = turn.t('onboarding.stepEdit.removed', { step: removed.title });
      await turn.updateCard(renderStepChoice(turn.t, { kind: 'choose', candidates: steps }, notice));
    },
  };
}

/** The booklet's table of contents (the "Sommaire" button). */
export function openBookletContents(
  deps: OnboardingDependencies,
): CardActionRegistration<typeof emptySchema> {
  return {
    verb: 'booklet.contents',
    schema: emptySchema,
    handler: async (turn) => {
      await turn.updateCard(renderBookletContents(turn.t, await deps.onboarding.listSections()));
    },
  };
}

/** One page of a booklet section. */
export function openBookletPage(
  deps: OnboardingDependencies,
): CardActionRegistration<typeof bookletPageSchema> {
  return {
    verb: 'booklet.section',
    schema: bookletPageSchema,
    handler: async (turn) => {
      const sections = await deps.onboarding.listSections();
      await turn.updateCard(renderBookletPage(turn.t, sections, turn.data));
    },
  };
}

export function openSectionForm(deps: OnboardingDependencies): CardActionRegistration<typeof slugOnlySchema> {
  return {
    verb: 'booklet.section.edit',
    schema: slugOnlySchema,
    handler: async (turn) => {
      const actor = await deps.loadActor(turn.user, deps.clock.now());
      await turn.updateCard(renderSectionEditCard(turn.t, await sectionToEdit(deps, actor, turn.data.slug)));
    },
  };
}

/** A saved section shows as its first page, as members will read it. */
export function saveSectionForm(
  deps: OnboardingDependencies,
): CardActionRegistration<typeof sectionFormSchema> {
  return {
    verb: 'booklet.section.save',
    schema: sectionFormSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.loadActor(turn.user, now);
      const { section, sections } = await saveSection(deps, actor, turn.data, now);
      const notice = turn.t('onboarding.bookletEdit.saved', { section: section.title });
      await turn.updateCard(renderBookletPage(turn.t, sections, { slug: section.slug, page: 0 }, notice));
    },
  };
}

/** Every card verb of the slice, for the register table. */
export const onboardingCardActions = (deps: OnboardingDependencies): AnyCardAction[] =>
  cardActions(
    openPath(deps),
    recordStartDate(deps),
    toggleStep(deps),
    switchReminders(deps),
    sortNewcomers(deps),
    openStepForm(deps),
    saveStepForm(deps),
    removeStepForm(deps),
    openBookletContents(deps),
    openBookletPage(deps),
    openSectionForm(deps),
    saveSectionForm(deps),
  );
