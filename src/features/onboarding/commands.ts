import type { CommandRegistration } from '../../bot/router';
import { renderBookletContents, renderBookletSearch } from './booklet-cards';
import { renderFollowUpCard, renderPathView, renderSectionChoice, renderStepChoice } from './cards';
import { chooseSection, chooseStep } from './content-service';

import { newcomersFollowedBy, pathOf, setRemindersPaused, type OnboardingDependencies } from './service';

/** `parcours`: the newcomer's integration path (or the start date question first). */
export function showPath(deps: OnboardingDependencies): CommandRegistration {
  return {
    name: 'onboarding.path',
    wordsKey: 'onboarding.path.command',
    descriptionKey: 'onboarding.path.description',
    aliases: ['mon parcours', 'my onboarding'],
    handler: async (turn) => {
      const now = deps.clock.now();
      const { member } = await deps.loadActor(turn.user, now);
      await turn.send({ card: renderPathView(turn.t, await pathOf(deps, member, now)) });
    },
  };
}

/** `parcours pause` / `parcours reprendre`: opting out of (and back into) the reminders. */
function remindersCommand(deps: OnboardingDependencies, paused: boolean): CommandRegistration {
  const word = paused ? ('pause' as const) : ('resume' as const);
  return {
    name: `onboarding.${word}`,
    wordsKey: `onboarding.${word}.command` as const,
    descriptionKey: `onboarding.${word}.description` as const,
    handler: async (turn) => {
      const now = deps.clock.now();
      const { member } = await deps.loadActor(turn.user, now);
      await setRemindersPaused(deps, member, paused, now);
      await turn.sendText(`onboarding.${word}.done` as const);
    },
  };
}

export const pauseReminders = (deps: OnboardingDependencies) => remindersCommand(deps, true);
export const resumeReminders = (deps: OnboardingDependencies) => remindersCommand(deps, false);

/** `parcours suivi`: the newcomers in progress, latest first, for HR referents and coordinators. */
export function followNewcomers(deps: OnboardingDependencies): CommandRegistration {
  return {
    name: 'onboarding.followUp',
    wordsKey: 'onboarding.followUp.command',
    descriptionKey: 'onboarding.followUp.description',
    listed: false,
    handler: async (turn) => {
      const now = deps.clock.now();
      const newcomers = await newcomersFollowedBy(deps, await deps.loadActor(turn.user, now), now);
      await turn.send({ card: renderFollowUpCard(turn.t, newcomers, 'lateness') });
    },
  };
}

/** `parcours modifier [étape]`: a coordinator picks the step to edit. */
export function editStep(deps: OnboardingDependencies): CommandRegistration {
  return {
    name: 'onboarding.step.edit',
    wordsKey: 'onboarding.stepEdit.command',
    descriptionKey: 'onboarding.stepEdit.description',
    listed: false,
    handler: async (turn) => {
      const actor = await deps.loadActor(turn.user, deps.clock.now());
      await turn.send({ card: renderStepChoice(turn.t, await chooseStep(deps, actor, turn.text)) });
    },
  };
}

/** `livret [recherche]`: the welcome booklet's contents, or the pages matching what was typed. */
export function showBooklet(deps: OnboardingDependencies): CommandRegistration {
  return {
    name: 'booklet',
    wordsKey: 'onboarding.booklet.command',
    descriptionKey: 'onboarding.booklet.description',
    aliases: ['livret d accueil', 'welcome booklet'],
    handler: async (turn) => {
      const sections = await deps.onboarding.listSections();
      const query = turn.text.trim();
      if (!query) {
        await turn.send({ card: renderBookletContents(turn.t, sections) });
        return;
      }
      const results = renderBookletSearch(turn.t, sections, query);
      if (results) await turn.send({ card: results });
      else await turn.sendText('onboarding.booklet.noResult', { query: query.slice(0, 80) });
    },
  };
}

/** `livret modifier [section]`: a coordinator picks the booklet section to edit. */
export function editBooklet(deps: OnboardingDependencies): CommandRegistration {
  return {
    name: 'booklet.edit',
    wordsKey: 'onboarding.bookletEdit.command',
    descriptionKey: 'onboarding.bookletEdit.description',
    listed: false,
    handler: async (turn) => {
      const actor = await deps.loadActor(turn.user, deps.clock.now());
      await turn.send({ card: renderSectionChoice(turn.t, await chooseSection(deps, actor, turn.text)) });
    },
  };
}

export const onboardingCommands = (deps: OnboardingDependencies): CommandRegistration[] => [
  showPath(deps),
  pauseReminders(deps),
  resumeReminders(deps),
  followNewcomers(deps),
  editStep(deps),
  showBooklet(deps),
  editBooklet(deps),
];
