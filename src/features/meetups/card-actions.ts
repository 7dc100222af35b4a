import { z } from 'zod';
import type { CardActionRegistration, DomainEvents } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import { AppError } from '../../errors';
import { otherNames, renderFollowUpCard, renderSettingsCard } from './cards';
import { today, type MeetupsHandlerContext } from './commands';
import { answers, rhythms, type Rhythm } from './repository';
import { readPause, recordAnswer, saveSettings } from './service';
import { recordIdSchema } from '../../record-id';

/** Every settings button sends the card's inputs (rhythm, pause date); "leave" sends none. */
const settingsSchema = z.strictObject({
  rhythm: z.enum(rhythms).optional(),
  pausedUntil: z.string().max(40).optional(),
});
const answerSchema = z.strictObject({
  meetupId: recordIdSchema(),
  answer: z.enum(answers),
});

type SettingsData = z.infer<typeof settingsSchema>;
type Change = { active: boolean; rhythm?: Rhythm; pausedUntil?: string | null };

/** A settings button: what it changes, and the notice the refreshed card shows. */
function settingsAction(
  context: MeetupsHandlerContext,
  verb: string,
  noticeKey:
    | 'meetups.settings.joined'
    | 'meetups.settings.saved'
    | 'meetups.settings.resumed'
    | 'meetups.settings.leftNotice',
  changeOf: (data: SettingsData, day: string, turn: Turn<SettingsData>) => Change,
): CardActionRegistration<typeof settingsSchema> {
  return {
    verb,
    schema: settingsSchema,
    handler: async (turn) => {
      const now = context.clock.now();
      const day = today(context);
      const change = changeOf(turn.data, day, turn);
      const actor = await context.loadActor(turn.user, now);
      const view = await saveSettings(context.deps, { memberId: actor.member.id, change }, now, day, turn.t);
      await turn.updateCard(renderSettingsCard({ ...view, notice: turn.t(noticeKey) }, turn.t));
    },
  };
}

function pauseOf(data: SettingsData, day: string, turn: Turn<unknown>): string | null {
  const reading = readPause(data.pausedUntil, day);
  if (!reading.ok) throw new AppError('INVALID_INPUT', { details: turn.t(reading.problem) });
  return reading.pausedUntil;
}

export function settingsActions(
  context: MeetupsHandlerContext,
): CardActionRegistration<typeof settingsSchema>[] {
  return [
    settingsAction(context, 'meetups.join', 'meetups.settings.joined', (data) => ({
      active: true,
      rhythm: data.rhythm ?? 'fortnightly',
      pausedUntil: null,
    })),
    settingsAction(context, 'meetups.save', 'meetups.settings.saved', (data, day, turn) => ({
      active: true,
      rhythm: data.rhythm,
      pausedUntil: pauseOf(data, day, turn),
    })),
    settingsAction(context, 'meetups.resume', 'meetups.settings.resumed', (data) => ({
      active: true,
      rhythm: data.rhythm,
      pausedUntil: null,
    })),
    settingsAction(context, 'meetups.leave', 'meetups.settings.leftNotice', () => ({
      active: false,
      pausedUntil: null,
    })),
  ];
}

/**
 * "Vous êtes-vous rencontrés ?": records the answer of a person of the meetup; a "yes" tells the
 * other slices (`meetup:held`), e.g. a newcomer's path ticks its meetup step.
 */
export function answerFollowUp(
  context: MeetupsHandlerContext,
  publishHeld: (data: DomainEvents['meetup:held']) => Promise<void>,
): CardActionRegistration<typeof answerSchema> {
  return {
    verb: 'meetups.answer',
    schema: answerSchema,
    handler: async (turn) => {
      const now = context.clock.now();
      const actor = await context.loadActor(turn.user, now);
      const outcome = await recordAnswer(context.deps, { ...turn.data, memberId: actor.member.id, now });
      if (outcome.kind === 'notFound') {
        throw new AppError('NOT_FOUND', { what: { messageKey: 'meetups.followUp.notYours' } });
      }
      if (turn.data.answer === 'yes') await publishHeld({ memberIds: outcome.meetup.memberIds });
      const names = otherNames(outcome.meetup, actor.member.id, outcome.names, turn.t);
      await turn.updateCard(renderFollowUpCard(outcome.meetup, names, turn.t, turn.data.answer));
    },
  };
}
