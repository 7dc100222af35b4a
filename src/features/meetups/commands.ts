import type { Clock } from '../../clock';
import type { CommandRegistration } from '../../bot/router';
import { calendarDayIn } from '../../i18n/calendar';
import { ensureAllowed, type ActorLoader, peoplePermissions } from '../../people';
import { renderFiguresCard, renderRoundCard, renderSettingsCard } from './cards';
import { runRound, settingsViewOf, type MeetupsDependencies } from './service';
import { meetupPermissions } from './permissions';

/** What the slice's handlers share: the service's dependencies, who acts, and the time. */
export interface MeetupsHandlerContext {
  deps: MeetupsDependencies;
  loadActor: ActorLoader;
  clock: Clock;
}

export const today = (context: MeetupsHandlerContext) =>
  calendarDayIn(context.clock.now(), context.deps.timeZone);

/** `rencontres`: my participation, my rhythm or pause, my past meetups. */
export function showSettings(context: MeetupsHandlerContext): CommandRegistration {
  return {
    name: 'meetups',
    wordsKey: 'meetups.commands.main',
    descriptionKey: 'meetups.commands.mainDescription',
    handler: async (turn) => {
      // The card lists the person's meetups: not for a channel or a group chat.
      if (turn.conversation.kind !== 'personal') {
        await turn.sendText('meetups.settings.personalOnly');
        return;
      }
      const actor = await context.loadActor(turn.user, context.clock.now());
      const view = await settingsViewOf(context.deps, actor.member.id, today(context), turn.t);
      await turn.send({ card: renderSettingsCard(view, turn.t) });
    },
  };
}

/** `rencontres lancer`: a coordinator forms today's round now and sees its figures. */
export function runRoundNow(context: MeetupsHandlerContext): CommandRegistration {
  return {
    name: 'meetups.run',
    wordsKey: 'meetups.commands.run',
    descriptionKey: 'meetups.commands.runDescription',
    listed: false,
    handler: async (turn) => {
      const now = context.clock.now();
      const actor = await context.loadActor(turn.user, now);
      ensureAllowed(actor, meetupPermissions.runMeetups);
      const outcome = await runRound(context.deps, { kind: 'manual', by: actor.member.id }, now);
      if (outcome.kind === 'busy') {
        await turn.sendText('meetups.round.busy');
        return;
      }
      const unreachable = outcome.kind === 'formed' ? outcome.unreachable : 0;
      const notice = outcome.kind === 'formed' ? undefined : outcome.kind;
      await turn.send({ card: renderRoundCard(outcome.round, { unreachable, notice }, turn.t) });
    },
  };
}

/** `rencontres bilan`: pairs formed, meetings held, services crossed, Ville–Agglo meetings. */
export function showFigures(context: MeetupsHandlerContext): CommandRegistration {
  return {
    name: 'meetups.figures',
    wordsKey: 'meetups.commands.figures',
    descriptionKey: 'meetups.commands.figuresDescription',
    listed: false,
    handler: async (turn) => {
      const actor = await context.loadActor(turn.user, context.clock.now());
      ensureAllowed(actor, peoplePermissions.readStatistics);
      await turn.send({ card: renderFiguresCard(await context.deps.meetups.figures(), turn.t) });
    },
  };
}
