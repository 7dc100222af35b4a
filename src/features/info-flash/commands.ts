import type { CommandRegistration } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import type { AdaptiveCardJson } from '../../cards/render-card';
import type { MessageKey } from '../../i18n/translator';
import { can } from '../../people';
import { actingCoordinator, actingMember } from './access';
import {
  renderArchives,
  renderItemForm,
  renderPending,
  renderPersonalParts,
  renderPreviewParts,
  renderReads,
} from './cards';
import { subscribeChannel, unsubscribeChannel, type SubscriptionOutcome } from './channel-service';
import type { InfoFlashDependencies } from './dependencies';
import { pendingItems, proposalForm } from './item-service';
import { infoFlashPermissions } from './permissions';
import { previewDigest, publishNow, recentReads } from './publishing-service';
import { archivedDigests, latestDigest, readerViewOf } from './reading-service';

export async function sendCards(turn: Turn<unknown>, cards: AdaptiveCardJson[]): Promise<void> {
  for (const card of cards) await turn.send({ card });
}

export const subscriptionAnswers: Record<SubscriptionOutcome, MessageKey> = {
  channelOnly: 'infoFlash.subscribe.channelOnly',
  subscribed: 'infoFlash.subscribe.done',
  alreadySubscribed: 'infoFlash.subscribe.already',
};

/** Subscribes the channel of this turn (command or the offer's button) and says how it went. */
export async function subscribeHere(deps: InfoFlashDependencies, turn: Turn<unknown>): Promise<string> {
  const actor = await actingCoordinator(deps, turn);
  const place = { conversation: turn.conversation, reference: turn.conversationReference };
  return turn.t(subscriptionAnswers[await subscribeChannel(deps, place, actor.member.id, deps.clock.now())]);
}

export function proposeCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.propose',
    wordsKey: 'infoFlash.propose.command',
    descriptionKey: 'infoFlash.propose.description',
    handler: async (turn) => {
      const { groups, direct } = await proposalForm(deps, await actingMember(deps, turn));
      const heading = turn.t('infoFlash.propose.title');
      const intro = turn.t(direct ? 'infoFlash.propose.introCoordinator' : 'infoFlash.propose.intro');
      await turn.send({ card: renderItemForm(turn.t, { heading, intro, groups }) });
    },
  };
}

export function pendingCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.pending',
    wordsKey: 'infoFlash.review.pendingCommand',
    descriptionKey: 'infoFlash.review.pendingDescription',
    listed: false,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      await turn.send({ card: renderPending(turn.t, await pendingItems(deps)) });
    },
  };
}

export function latestCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.latest',
    wordsKey: 'infoFlash.latest.command',
    descriptionKey: 'infoFlash.latest.description',
    handler: async (turn) => {
      const digest = await latestDigest(deps);
      if (!digest) {
        await turn.sendText('infoFlash.latest.none');
        return;
      }
      const actor = await actingMember(deps, turn);
      const reader = { memberId: actor.member.id, userId: turn.user.id, conversation: turn.conversation };
      const view = await readerViewOf(deps, digest, reader);
      await sendCards(turn, renderPersonalParts(turn.t, digest, view, deps.timeZone));
    },
  };
}

export function archivesCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.archives',
    wordsKey: 'infoFlash.archives.command',
    descriptionKey: 'infoFlash.archives.description',
    handler: async (turn) => {
      const actor = await actingMember(deps, turn);
      const archives = {
        digests: await archivedDigests(deps),
        canManage: can(actor, infoFlashPermissions.manageInfoFlash),
      };
      await turn.send({ card: renderArchives(turn.t, archives, deps.timeZone) });
    },
  };
}

export function previewCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.preview',
    wordsKey: 'infoFlash.preview.command',
    descriptionKey: 'infoFlash.preview.description',
    listed: false,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      const preview = await previewDigest(deps, deps.clock.now());
      if (preview.kind === 'empty') {
        await turn.sendText('infoFlash.preview.empty');
        return;
      }
      await turn.sendText('infoFlash.preview.audience', { count: preview.channels });
      await sendCards(turn, renderPreviewParts(turn.t, preview.content, deps.timeZone));
    },
  };
}

export function publishCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.publish',
    wordsKey: 'infoFlash.publish.command',
    descriptionKey: 'infoFlash.publish.description',
    listed: false,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      const outcome = await publishNow(deps);
      if (outcome.kind === 'busy') {
        await turn.sendText('infoFlash.publish.busy');
      } else if (outcome.kind === 'nothing') {
        await turn.sendText(`infoFlash.publish.${outcome.because}`);
      } else {
        const { number, channels, sent, failed, pending } = outcome.progress;
        const key = pending > 0 ? 'infoFlash.publish.queued' : 'infoFlash.publish.done';
        await turn.sendText(key, { number, channels, sent, failed, pending });
      }
    },
  };
}

export function readsCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.reads',
    wordsKey: 'infoFlash.reads.command',
    descriptionKey: 'infoFlash.reads.description',
    listed: false,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      await turn.send({ card: renderReads(turn.t, await recentReads(deps), deps.timeZone) });
    },
  };
}

export function subscribeCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.subscribe',
    wordsKey: 'infoFlash.subscribe.command',
    descriptionKey: 'infoFlash.subscribe.description',
    listed: false,
    handler: async (turn) => {
      await turn.send({ text: await subscribeHere(deps, turn) });
    },
  };
}

const unsubscriptionAnswers = {
  channelOnly: 'infoFlash.subscribe.channelOnly',
  unsubscribed: 'infoFlash.unsubscribe.done',
  notSubscribed: 'infoFlash.unsubscribe.notSubscribed',
} as const;

export function unsubscribeCommand(deps: InfoFlashDependencies): CommandRegistration {
  return {
    name: 'infoFlash.unsubscribe',
    wordsKey: 'infoFlash.unsubscribe.command',
    descriptionKey: 'infoFlash.unsubscribe.description',
    listed: false,
    handler: async (turn) => {
      await actingCoordinator(deps, turn);
      const outcome = await unsubscribeChannel(deps, turn.conversation, deps.clock.now());
      await turn.sendText(unsubscriptionAnswers[outcome]);
    },
  };
}

/** In the order the help card lists them. */
export function infoFlashCommands(deps: InfoFlashDependencies): CommandRegistration[] {
  return [
    proposeCommand(deps),
    pendingCommand(deps),
    latestCommand(deps),
    archivesCommand(deps),
    previewCommand(deps),
    publishCommand(deps),
    readsCommand(deps),
    subscribeCommand(deps),
    unsubscribeCommand(deps),
  ];
}
