import type { CommandRegistration } from '../../bot/router';
import type { MessageKey } from '../../i18n/translator';
import { audienceChoicesOf, renderFormCard, renderListCard, renderPickCard } from './cards';
import { linkGroupChannel, newPollForm } from './drafting-service';
import { pollListsOf, pollsToManage, type PollDependencies } from './service';

/** How many of their own polls a lead sees in `sondages`, and how many closed polls a coordinator. */
const listLength = 10;

/** `sondage [groupe]`: the form of a new poll, for leads (their groups) and coordinators. */
export function createPollCommand(deps: PollDependencies): CommandRegistration {
  return {
    name: 'poll.create',
    wordsKey: 'polls.commands.create',
    descriptionKey: 'polls.commands.createDescription',
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const form = await newPollForm(deps.people, actor, turn.text);
      const card = renderFormCard(
        { groups: audienceChoicesOf(form, turn.t), group: form.selected },
        { t: turn.t, timeZone: deps.timeZone, now },
      );
      await turn.send({ card });
    },
  };
}

/** `sondage canal <groupe>`, said in a channel: that group's polls are posted there too. */
export function linkChannelCommand(deps: PollDependencies): CommandRegistration {
  return {
    name: 'poll.channel',
    wordsKey: 'polls.commands.channel',
    descriptionKey: 'polls.commands.channelDescription',
    listed: false,
    handler: async (turn) => {
      if (turn.conversation.kind !== 'channel') {
        await turn.sendText('polls.channel.personalOnly');
        return;
      }
      const actor = await deps.people.loadActor(turn.user, deps.clock.now());
      const outcome = await linkGroupChannel(deps, actor, turn.text, turn.conversationReference);
      if (outcome.kind === 'unknownGroup') await turn.sendText('polls.channel.whichGroup');
      else await turn.sendText('polls.channel.linked', { group: outcome.group.title });
    },
  };
}

/** `sondages`: the polls to answer, one's own, and for coordinators the closed ones to export. */
export function listPollsCommand(deps: PollDependencies): CommandRegistration {
  return {
    name: 'poll.list',
    wordsKey: 'polls.commands.list',
    descriptionKey: 'polls.commands.listDescription',
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const lists = await pollListsOf(deps, actor, { now, length: listLength });
      await turn.send({ card: renderListCard(lists, { t: turn.t, timeZone: deps.timeZone, now }) });
    },
  };
}

interface PickKeys {
  words: MessageKey;
  description: MessageKey;
  title: MessageKey;
  intro: MessageKey;
  button: MessageKey;
}

/** `sondage rappel` / `sondage clore`: the open polls the person may act on, one button each. */
function pickPollCommand(
  deps: PollDependencies,
  purpose: 'remind' | 'close',
  keys: PickKeys,
): CommandRegistration {
  const verb = purpose === 'remind' ? 'poll.remind' : 'poll.close';
  return {
    name: verb,
    wordsKey: keys.words,
    descriptionKey: keys.description,
    listed: false,
    handler: async (turn) => {
      const now = deps.clock.now();
      const actor = await deps.people.loadActor(turn.user, now);
      const polls = await pollsToManage(deps, actor, purpose, now);
      const card = renderPickCard(
        {
          title: turn.t(keys.title),
          intro: turn.t(keys.intro),
          verb,
          buttonTitle: turn.t(keys.button),
          polls,
        },
        { t: turn.t, timeZone: deps.timeZone, now },
      );
      await turn.send({ card });
    },
  };
}

export function remindPickCommand(deps: PollDependencies): CommandRegistration {
  return pickPollCommand(deps, 'remind', {
    words: 'polls.commands.remind',
    description: 'polls.commands.remindDescription',
    title: 'polls.manage.remindTitle',
    intro: 'polls.manage.remindIntro',
    button: 'polls.results.remind',
  });
}

export function closePickCommand(deps: PollDependencies): CommandRegistration {
  return pickPollCommand(deps, 'close', {
    words: 'polls.commands.close',
    description: 'polls.commands.closeDescription',
    title: 'polls.manage.closeTitle',
    intro: 'polls.manage.closeIntro',
    button: 'polls.results.close',
  });
}

/** Every command of the slice, in the order the help card lists them. */
export function pollCommands(deps: PollDependencies): CommandRegistration[] {
  return [
    createPollCommand(deps),
    linkChannelCommand(deps),
    listPollsCommand(deps),
    remindPickCommand(deps),
    closePickCommand(deps),
  ];
}
