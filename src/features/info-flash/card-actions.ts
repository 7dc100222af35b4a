import { z } from 'zod';
import { cardActions, type AnyCardAction, type CardActionRegistration } from '../../bot/router';
import { actingCoordinator, actingMember } from './access';
import {
  renderCorrectionChoices,
  renderItemForm,
  renderNotice,
  renderPersonalParts,
  renderReads,
  renderReviewOrNotice,
} from './cards';
import { sendCards, subscribeHere } from './commands';
import type { InfoFlashDependencies } from './dependencies';
import {
  digestActionSchema,
  itemActionSchema,
  proposeSchema,
  rejectSchema,
  saveSchema,
  withdrawSchema,
} from './item-form';
import { decideItem, itemToEdit, proposeItem, requireItem, reviewViewOf, saveItem } from './item-service';
import { digestReads, withdrawPublished } from './publishing-service';
import { answerDigestCard, openDigest, readerViewOf, requireDigest } from './reading-service';

// Items: proposing, reviewing, editing

export function proposeItemAction(deps: InfoFlashDependencies): CardActionRegistration<typeof proposeSchema> {
  return {
    verb: 'infoFlash.propose',
    schema: proposeSchema,
    handler: async (turn) => {
      const actor = await actingMember(deps, turn);
      const { item, direct } = await proposeItem(deps, actor, turn.data, deps.clock.now());
      const key = direct ? 'infoFlash.propose.approvedDirectly' : 'infoFlash.propose.proposed';
      await turn.updateCard(renderNotice(turn.t(key, { title: item.title }), turn.t));
    },
  };
}

export function reviewItemAction(
  deps: InfoFlashDependencies,
): CardActionRegistration<typeof itemActionSchema> {
  return {
    verb: 'infoFlash.review',
    schema: itemActionSchema,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      const view = await reviewViewOf(deps, await requireItem(deps, turn.data.itemId));
      await turn.updateCard(renderReviewOrNotice(turn.t, view));
    },
  };
}

export function approveItemAction(
  deps: InfoFlashDependencies,
): CardActionRegistration<typeof itemActionSchema> {
  return {
    verb: 'infoFlash.approve',
    schema: itemActionSchema,
    handler: async (turn) => {
      const actor = await actingCoordinator(deps, turn);
      const outcome = await decideItem(
        deps,
        actor,
        turn.data.itemId,
        { status: 'approved' },
        deps.clock.now(),
      );
      if (outcome.kind === 'unchanged') {
        await turn.updateCard(renderReviewOrNotice(turn.t, outcome.view));
        return;
      }
      const text = turn.t('infoFlash.review.approved', { title: outcome.item.title });
      await turn.updateCard(renderNotice(text, turn.t));
    },
  };
}

export function rejectItemAction(deps: InfoFlashDependencies): CardActionRegistration<typeof rejectSchema> {
  return {
    verb: 'infoFlash.reject',
    schema: rejectSchema,
    handler: async (turn) => {
      const actor = await actingCoordinator(deps, turn);
      const { itemId, reason } = turn.data;
      const outcome = await decideItem(deps, actor, itemId, { status: 'rejected', reason }, deps.clock.now());
      if (outcome.kind === 'unchanged') {
        await turn.updateCard(renderReviewOrNotice(turn.t, outcome.view));
        return;
      }
      const { title, authorName } = outcome.item;
      const text = turn.t('infoFlash.review.rejected', { title, name: authorName ?? '—' });
      await turn.updateCard(renderNotice(text, turn.t));
    },
  };
}

export function editItemAction(deps: InfoFlashDependencies): CardActionRegistration<typeof itemActionSchema> {
  return {
    verb: 'infoFlash.edit',
    schema: itemActionSchema,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      const outcome = await itemToEdit(deps, turn.data.itemId);
      if (outcome.kind === 'notEditable') {
        await turn.updateCard(renderReviewOrNotice(turn.t, outcome.view));
        return;
      }
      const { item, groups } = outcome;
      const heading = turn.t('infoFlash.edit.title');
      await turn.updateCard(renderItemForm(turn.t, { heading, intro: item.title, item, groups }));
    },
  };
}

export function saveItemAction(deps: InfoFlashDependencies): CardActionRegistration<typeof saveSchema> {
  return {
    verb: 'infoFlash.save',
    schema: saveSchema,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      const { itemId, ...form } = turn.data;
      const outcome = await saveItem(deps, itemId, form, deps.clock.now());
      if (outcome.kind === 'notEditable') {
        await turn.updateCard(renderReviewOrNotice(turn.t, outcome.view));
      } else if (outcome.kind === 'corrected') {
        const text = turn.t('infoFlash.edit.corrected', {
          title: outcome.item.title,
          count: outcome.channels,
        });
        await turn.updateCard(renderNotice(text, turn.t));
      } else {
        await turn.updateCard(renderReviewOrNotice(turn.t, outcome.view, turn.t('infoFlash.edit.saved')));
      }
    },
  };
}

// Reading digests

export function openDigestAction(
  deps: InfoFlashDependencies,
): CardActionRegistration<typeof digestActionSchema> {
  return {
    verb: 'infoFlash.open',
    schema: digestActionSchema,
    handler: async (turn) => {
      const outcome = await openDigest(deps, turn.data.digestId);
      if (outcome.kind === 'withdrawn') {
        await turn.sendText('infoFlash.digest.withdrawn', { number: outcome.digest.number });
        return;
      }
      const actor = await actingMember(deps, turn);
      const reader = { memberId: actor.member.id, userId: turn.user.id, conversation: turn.conversation };
      const view = await readerViewOf(deps, outcome.digest, reader);
      await sendCards(turn, renderPersonalParts(turn.t, outcome.digest, view, deps.timeZone));
    },
  };
}

/** "J'ai lu" and Teams' automatic refresh both answer with the clicker's own view of that part. */
function answerWithOwnView(
  deps: InfoFlashDependencies,
  verb: string,
  acknowledge: boolean,
): CardActionRegistration<typeof digestActionSchema> {
  return {
    verb,
    schema: digestActionSchema,
    handler: async (turn) => {
      const actor = await actingMember(deps, turn);
      const reader = { memberId: actor.member.id, userId: turn.user.id, conversation: turn.conversation };
      const now = deps.clock.now();
      const answer = await answerDigestCard(deps, turn.data.digestId, reader, { acknowledge, now });
      if (answer.kind === 'withdrawn') {
        const text = turn.t('infoFlash.digest.withdrawn', { number: answer.digest.number });
        await turn.updateCard(renderNotice(text, turn.t));
        return;
      }
      const part = Number(turn.data.part ?? '1');
      const [card] = renderPersonalParts(turn.t, answer.digest, answer.view, deps.timeZone, part);
      await turn.updateCard(card);
    },
  };
}

export const readDigestAction = (deps: InfoFlashDependencies) =>
  answerWithOwnView(deps, 'infoFlash.read', true);

export const refreshDigestAction = (deps: InfoFlashDependencies) =>
  answerWithOwnView(deps, 'infoFlash.refresh', false);

// Coordinators: reads, corrections, withdrawal, channels

export function digestReadsAction(
  deps: InfoFlashDependencies,
): CardActionRegistration<typeof digestActionSchema> {
  return {
    verb: 'infoFlash.reads',
    schema: digestActionSchema,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      await turn.send({
        card: renderReads(turn.t, await digestReads(deps, turn.data.digestId), deps.timeZone),
      });
    },
  };
}

export function correctDigestAction(
  deps: InfoFlashDependencies,
): CardActionRegistration<typeof digestActionSchema> {
  return {
    verb: 'infoFlash.correct',
    schema: digestActionSchema,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      await turn.send({
        card: renderCorrectionChoices(turn.t, await requireDigest(deps, turn.data.digestId)),
      });
    },
  };
}

const withdrawalAnswers = {
  withdrawn: 'infoFlash.withdraw.done',
  alreadyWithdrawn: 'infoFlash.withdraw.already',
  notPublished: 'infoFlash.withdraw.notPublished',
} as const;

export function withdrawDigestAction(
  deps: InfoFlashDependencies,
): CardActionRegistration<typeof withdrawSchema> {
  return {
    verb: 'infoFlash.withdraw',
    schema: withdrawSchema,
    handler: async (turn) => {
      const actor = await actingCoordinator(deps, turn);
      const { digest, outcome } = await withdrawPublished(deps, actor, turn.data.digestId, deps.clock.now());
      const params = {
        number: digest.number,
        ...(outcome.kind === 'withdrawn' ? { count: outcome.channels } : {}),
      };
      await turn.send({ text: turn.t(withdrawalAnswers[outcome.kind], params) });
    },
  };
}

export function subscribeChannelAction(deps: InfoFlashDependencies): CardActionRegistration<z.ZodType> {
  return {
    verb: 'infoFlash.subscribe',
    schema: z.strictObject({}),
    handler: async (turn) => {
      await turn.updateCard(renderNotice(await subscribeHere(deps, turn), turn.t));
    },
  };
}

export function infoFlashCardActions(deps: InfoFlashDependencies): AnyCardAction[] {
  return cardActions(
    proposeItemAction(deps),
    reviewItemAction(deps),
    approveItemAction(deps),
    rejectItemAction(deps),
    editItemAction(deps),
    saveItemAction(deps),
    openDigestAction(deps),
    readDigestAction(deps),
    refreshDigestAction(deps),
    digestReadsAction(deps),
    correctDigestAction(deps),
    withdrawDigestAction(deps),
    subscribeChannelAction(deps),
  );
}
