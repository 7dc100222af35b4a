import { botAccount, executeActivity, membersAddedActivity, messageActivity, tenantId } from './activities';
import { postActivity, type RunningBot } from './bot-process';
import type { ConnectorStandIn, RosterAccount } from './connector-stand-in';
import { cardOf, textsOf } from './test-bot';
import { actionsOf, inputsOf } from '../features/polls/poll-support';

/** The network's team, with its coordinator (listed in IX_COORDINATORS) and managers on its roster. */
export const networkTeamId = '19:reseau-ix@thread.tacv2';
export const networkCoordinator = {
  id: '29:coordination',
  name: 'Coordination iX',
  aadObjectId: '00000000-0000-4000-8000-00000000c00d',
};
export type Coordinator = typeof networkCoordinator;

export function networkPeople(count: number): RosterAccount[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `29:cadre-${index}`,
    aadObjectId: `aad-cadre-${index}`,
    name: `Cadre ${index}`,
    tenantId,
  }));
}

/** Sends a process's outbox lanes can have in flight: the documented duplicate window of a kill -9. */
export const outboxLanes = 8;

/** The bot is added to the network's team: it reads the roster and records everyone. */
export async function installInNetworkTeam(bot: RunningBot, connector: ConnectorStandIn): Promise<void> {
  await postActivity(
    bot,
    membersAddedActivity([botAccount], {
      serviceUrl: connector.url,
      from: networkCoordinator,
      conversation: { id: networkTeamId, conversationType: 'channel', tenantId },
      channelData: { tenant: { id: tenantId }, team: { id: networkTeamId } },
    }),
  );
}

/**
 * A coordinator polls the whole network through a bot process's real endpoint: form, preview,
 * send. Resolves with the confirmation the coordinator reads.
 */
export async function sendNetworkPoll(
  bot: RunningBot,
  connector: ConnectorStandIn,
  coordinator: Coordinator,
  question: string,
): Promise<string> {
  const options = {
    serviceUrl: connector.url,
    from: coordinator,
    conversation: { id: 'a:personal-coordination', conversationType: 'personal' as const, tenantId },
  };
  const formsBefore = connector.calls.length;
  await postActivity(bot, messageActivity('sondage', options));
  const form = connector.calls
    .slice(formsBefore)
    .map((call) => cardOf(call.body))
    .find((card) => card && actionsOf(card).some((action) => action.verb === 'poll.preview'));
  const preview = await postActivity(
    bot,
    executeActivity(
      'poll.preview',
      { ...inputsOf(form), group: '*', question, options: 'Oui\nNon' },
      options,
    ),
  );
  const card = (preview.body as { value: unknown }).value;
  const pollId = actionsOf(card).find((action) => action.verb === 'poll.send')?.data?.pollId;
  const sent = await postActivity(bot, executeActivity('poll.send', { pollId }, options));
  return textsOf((sent.body as { value: unknown }).value).join(' ');
}
