import type { BotEventName } from '../../bot/router';
import type { Handler } from '../../bot/turn';
import { renderSubscribeOffer } from './cards';
import { endTeamSubscriptions } from './channel-service';
import type { InfoFlashDependencies } from './dependencies';

export interface TeamsEventRegistration {
  name: BotEventName;
  handler: Handler<unknown>;
}

/** Installed in a team: the General channel (the event's conversation) is offered, not subscribed. */
export function offerSubscriptionOnInstall(): TeamsEventRegistration {
  return {
    name: 'bot:added',
    handler: async (turn) => {
      if (turn.conversation.kind !== 'channel' || !turn.conversation.teamId) return;
      await turn.send({ card: renderSubscribeOffer(turn.t) });
    },
  };
}

export function endSubscriptionsOnRemoval(deps: InfoFlashDependencies): TeamsEventRegistration {
  return {
    name: 'bot:removed',
    handler: async (turn) => {
      if (!turn.conversation.teamId) return;
      await endTeamSubscriptions(deps, turn.conversation.teamId, deps.clock.now());
    },
  };
}

export function infoFlashTeamsEvents(deps: InfoFlashDependencies): TeamsEventRegistration[] {
  return [offerSubscriptionOnInstall(), endSubscriptionsOnRemoval(deps)];
}
