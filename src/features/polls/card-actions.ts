import { z } from 'zod';
import { cardActions, type AnyCardAction, type CardActionRegistration } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import { AppError } from '../../errors';
import { formatInstant } from '../../i18n/calendar';
import { pollAsSeenBy, voteOnPoll, type Viewer } from './ballot-service';
import {
  audienceChoicesOf,
  renderFormCard,
  renderPreviewCard,
  renderResultsCard,
  renderVoterCard,
  voterNotices,
  type CardContext,
  type DeliveryProgress,
} from './cards';
import { closeFor } from './closing-service';
import { draftPoll, draftToEdit } from './drafting-service';
import { describeFormProblems, networkAudience, pollIdSchema, readPollForm } from './poll-form';
import { exportPollResults, pollResultsFor } from './results-service';
import {
  remindFor,
  sendDraft,
  sendingViewOf,
  type ReminderOutcome,
  type SendingProgress,
} from './sending-service';
import type { PollDependencies } from './service';

const pollActionSchema = z.strictObject({ pollId: pollIdSchema });
/** Input.ChoiceSet sends option ids, comma-separated when several; checked against the poll. */
const voteSchema = z.strictObject({ pollId: pollIdSchema, choices: z.string().max(400).default('') });
/** `poll.preview` is parsed strictly by `readPollForm`, which names every problem in the person's words. */
const previewSchema = z.looseObject({});

const cardContext = (deps: PollDependencies, turn: Turn<unknown>, now = deps.clock.now()): CardContext => ({
  t: turn.t,
  timeZone: deps.timeZone,
  now,
});

/** A card in a channel or a group chat is shared: its refresh follows the audience. */
const viewerOf = (turn: Turn<unknown>): Viewer => ({
  userId: turn.user.id,
  shared: turn.conversation.kind !== 'personal',
});

/** The author's card refreshes by itself while the cards leave: for them alone. */
const progressFor = (turn: Turn<unknown>, progress?: SendingProgress): DeliveryProgress | undefined =>
  progress && { ...progress, userIds: [turn.user.id] };

/** `poll.preview`: the form is saved as a draft and shown as its audience will see it. */
export function previewPoll(deps: PollDependencies): CardActionRegistration<typeof previewSchema> {
  return {
    verb: 'poll.preview',
    schema: previewSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const read = readPollForm(turn.data, { now, timeZone: deps.timeZone });
      if (!read.ok)
        throw new AppError('INVALID_INPUT', { details: describeFormProblems(read.problems, turn.t) });
      const networkTitle = turn.t('polls.audience.network');
      const { poll, audience } = await draftPoll(deps, actor, read.form, { networkTitle, now });
      await turn.updateCard(renderPreviewCard(poll, audience, cardContext(deps, turn, now)));
    },
  };
}

/** `poll.edit`: the author's draft back in the form. */
export function editPoll(deps: PollDependencies): CardActionRegistration<typeof pollActionSchema> {
  return {
    verb: 'poll.edit',
    schema: pollActionSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const draft = await draftToEdit(deps, actor, turn.data.pollId);
      const values = {
        groups: audienceChoicesOf(draft, turn.t),
        group: draft.poll.groupSlug ?? networkAudience,
        pollId: draft.poll.id,
        settings: draft.poll,
      };
      await turn.updateCard(renderFormCard(values, cardContext(deps, turn, now)));
    },
  };
}

/** `poll.send`: the draft leaves for its audience; the author follows the sending on the card. */
export function sendPollAction(deps: PollDependencies): CardActionRegistration<typeof pollActionSchema> {
  return {
    verb: 'poll.send',
    schema: pollActionSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const sending = await sendDraft(deps, actor, turn.data.pollId, now);
      const notice =
        sending.kind === 'sent'
          ? turn.t('polls.preview.sent', {
              personal: sending.personal,
              channel: sending.channel ? turn.t('polls.preview.sentChannel') : '',
            })
          : turn.t('polls.preview.alreadySent');
      const progress = progressFor(turn, sending.progress);
      await turn.updateCard(
        renderPreviewCard(sending.poll, sending.audience, cardContext(deps, turn, now), notice, progress),
      );
    },
  };
}

/** `poll.progress`: Teams refreshes the author's card as they look at it. */
export function pollProgress(deps: PollDependencies): CardActionRegistration<typeof pollActionSchema> {
  return {
    verb: 'poll.progress',
    schema: pollActionSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const view = await sendingViewOf(deps, actor, turn.data.pollId);
      const progress = progressFor(turn, view.progress);
      await turn.updateCard(
        renderPreviewCard(view.poll, view.audience, cardContext(deps, turn, now), '', progress),
      );
    },
  };
}

/** `poll.vote`: leaves no trace of when the person voted (anonymous ballots stay anonymous). */
export function votePoll(deps: PollDependencies): CardActionRegistration<typeof voteSchema> {
  return {
    verb: 'poll.vote',
    traceless: true,
    schema: voteSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const { pollId, choices } = turn.data;
      const outcome = await voteOnPoll(deps, { actor, pollId, choices, viewer: viewerOf(turn), now });
      switch (outcome.kind) {
        case 'notInAudience':
          throw new AppError('NOT_ALLOWED', {
            role: turn.t('polls.poll.notMemberRole', { audience: outcome.audienceTitle }),
          });
        case 'refused':
          throw new AppError('INVALID_INPUT', {
            details: turn.t(outcome.problem.key, outcome.problem.params),
          });
        case 'closed':
          await turn.updateCard(
            renderVoterCard(
              { ...outcome.view, notice: voterNotices.tooLate(turn.t) },
              cardContext(deps, turn),
            ),
          );
          return;
        case 'recorded': {
          const notice = voterNotices.voted(outcome.changed, turn.t);
          await turn.updateCard(renderVoterCard({ ...outcome.view, notice }, cardContext(deps, turn)));
        }
      }
    },
  };
}

/** The per-user view: Teams asks for it when a listed user sees a shared card, or on "Actualiser". */
export function showPoll(
  deps: PollDependencies,
  verb: 'poll.refresh' | 'poll.show',
): CardActionRegistration<typeof pollActionSchema> {
  return {
    verb,
    schema: pollActionSchema,
    handler: async (turn) => {
      const actor = await deps.people.loadActor(turn.user, deps.clock.now());
      const request = { pollId: turn.data.pollId, viewer: viewerOf(turn), now: deps.clock.now() };
      const { view, outsider } = await pollAsSeenBy(deps, actor, request);
      const notice = outsider ? voterNotices.outsider(view.poll, turn.t) : undefined;
      await turn.updateCard(renderVoterCard({ ...view, notice }, cardContext(deps, turn)));
    },
  };
}

/** `poll.results`: the lead or a coordinator follows the answers. */
export function pollResults(deps: PollDependencies): CardActionRegistration<typeof pollActionSchema> {
  return {
    verb: 'poll.results',
    schema: pollActionSchema,
    handler: async (turn) => {
      const actor = await deps.people.loadActor(turn.user, deps.clock.now());
      const results = await pollResultsFor(deps, actor, turn.data.pollId);
      await turn.updateCard(renderResultsCard(results, cardContext(deps, turn)));
    },
  };
}

function reminderNotice(outcome: ReminderOutcome, t: Turn<unknown>['t'], timeZone: string): string {
  switch (outcome.kind) {
    case 'reminded':
      return t(outcome.count > 0 ? 'polls.remind.done' : 'polls.remind.nobody', { count: outcome.count });
    case 'already':
      return t('polls.remind.already', { date: formatInstant(outcome.at, t.locale, timeZone) });
    case 'closed':
      return t('polls.remind.closed');
  }
}

/** `poll.remind`: the non-voters are reminded once; the results card says how many. */
export function remindPoll(deps: PollDependencies): CardActionRegistration<typeof pollActionSchema> {
  return {
    verb: 'poll.remind',
    schema: pollActionSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const { outcome, results } = await remindFor(deps, actor, turn.data.pollId, now);
      const notice = reminderNotice(outcome, turn.t, deps.timeZone);
      await turn.updateCard(renderResultsCard({ ...results, notice }, cardContext(deps, turn)));
    },
  };
}

/** `poll.close`: the lead closes early; the results go to them in private as at the deadline. */
export function closePollAction(deps: PollDependencies): CardActionRegistration<typeof pollActionSchema> {
  return {
    verb: 'poll.close',
    schema: pollActionSchema,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const { closed, results } = await closeFor(deps, actor, turn.data.pollId, now);
      const notice = turn.t(closed ? 'polls.close.done' : 'polls.close.already');
      await turn.updateCard(renderResultsCard({ ...results, notice }, cardContext(deps, turn)));
    },
  };
}

/** `poll.export`: a coordinator's CSV of a closed poll, in their 1:1 chat only. */
export function exportPoll(deps: PollDependencies): CardActionRegistration<typeof pollActionSchema> {
  return {
    verb: 'poll.export',
    schema: pollActionSchema,
    handler: async (turn) => {
      const actor = await deps.people.loadActor(turn.user, deps.clock.now());
      const inPersonalChat = turn.conversation.kind === 'personal';
      const outcome = await exportPollResults(deps, actor, {
        pollId: turn.data.pollId,
        t: turn.t,
        inPersonalChat,
      });
      if (outcome.kind === 'here') await turn.send(outcome.message);
      else
        await turn.sendText(
          outcome.kind === 'sentPrivately' ? 'polls.csv.sentPrivately' : 'polls.csv.personalOnly',
        );
    },
  };
}

/** Every card verb of the slice. */
export function pollCardActions(deps: PollDependencies): AnyCardAction[] {
  return cardActions(
    previewPoll(deps),
    editPoll(deps),
    sendPollAction(deps),
    pollProgress(deps),
    votePoll(deps),
    showPoll(deps, 'poll.refresh'),
    showPoll(deps, 'poll.show'),
    pollResults(deps),
    remindPoll(deps),
    closePollAction(deps),
    exportPoll(deps),
  );
}
