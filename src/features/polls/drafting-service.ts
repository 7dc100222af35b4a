import type { ConversationReferenceJson } from '../../bot/messenger';
import { AppError } from '../../errors';
import { ensureAllowed, resolveGroup, type Actor, type GroupRecord, type People } from '../../people';
import { loadAudience, summarize } from './audience';
import type { AudienceSummary } from './cards';
import { pollPermissions } from './permissions';
import { networkAudience, type PollForm } from './poll-form';
import type { PollRecord, PollSettings } from './repository';
import {
  ensureMayPoll,
  pollableAudiences,
  requirePoll,
  unknownPoll,
  type PollableAudiences,
  type PollDependencies,
} from './service';

/**
 * `sondage [groupe]`: the audiences this person may poll, the one they named (or their first
 * group, or the network) selected. Members who lead nothing are told polls are for leads.
 */
export async function newPollForm(
  people: Pick<People, 'groups'>,
  actor: Actor,
  wanted: string,
): Promise<PollableAudiences & { selected: string }> {
  const audiences = await pollableAudiences(people, actor);
  if (audiences.groups.length === 0 && !audiences.network)
    ensureAllowed(actor, pollPermissions.pollGroup, '');
  const named = wanted.trim() ? resolveGroup(wanted, audiences.groups) : undefined;
  const selected =
    named?.kind === 'found' ? named.group.slug : (audiences.groups[0]?.slug ?? networkAudience);
  return { ...audiences, selected };
}

async function settingsOf(
  people: Pick<People, 'groups'>,
  form: PollForm,
  networkTitle: string,
): Promise<PollSettings> {
  const groupSlug = form.audience === networkAudience ? undefined : form.audience;
  const group = groupSlug ? await people.groups.findGroup(groupSlug) : undefined;
  if (groupSlug && !group) throw new AppError('NOT_FOUND', { what: { messageKey: 'groups.unknownGroup' } });
  return {
    groupSlug,
    audienceTitle: group?.title ?? networkTitle,
    question: form.question,
    options: form.options.map((label, index) => ({ id: `o${index + 1}`, label })),
    multiple: form.multiple,
    maxChoices: form.maxChoices,
    anonymous: form.anonymous,
    resultsVisibility: form.resultsVisibility,
    deadline: form.deadline,
    sendPersonal: form.sendPersonal,
    sendChannel: form.sendChannel,
  };
}

/**
 * Saves the form as a draft (a new one, or the author's draft it edits) and counts whom it will
 * reach. Whatever the card offered, the server decides who may poll which audience.
 */
export async function draftPoll(
  deps: Pick<PollDependencies, 'polls' | 'people'>,
  actor: Actor,
  form: PollForm,
  /** The audience title of a network poll, in the author's words. */
  options: { networkTitle: string; now: Date },
): Promise<{ poll: PollRecord; audience: AudienceSummary }> {
  ensureMayPoll(actor, form.audience === networkAudience ? undefined : form.audience);
  const settings = await settingsOf(deps.people, form, options.networkTitle);
  const author = { memberId: actor.member.id, name: actor.member.displayName };
  const draft = form.pollId
    ? await deps.polls.updateDraft(form.pollId, actor.member.id, settings, options.now)
    : await deps.polls.createDraft(settings, author, options.now);
  if (!draft) throw unknownPoll();
  return { poll: draft, audience: summarize(await loadAudience(deps.people, draft)) };
}

/** The author's draft back in the form; a poll already sent cannot be edited. */
export async function draftToEdit(
  deps: Pick<PollDependencies, 'polls' | 'people'>,
  actor: Actor,
  pollId: string,
): Promise<PollableAudiences & { poll: PollRecord }> {
  const poll = await requirePoll(deps.polls, pollId, actor);
  if (poll.status !== 'draft') throw new AppError('CONFLICT');
  ensureMayPoll(actor, poll.groupSlug);
  return { poll, ...(await pollableAudiences(deps.people, actor)) };
}

export type ChannelLinkOutcome = { kind: 'linked'; group: GroupRecord } | { kind: 'unknownGroup' };

/** `sondage canal <groupe>` in a channel: polls of that group are also posted there. */
export async function linkGroupChannel(
  deps: Pick<PollDependencies, 'people' | 'log'>,
  actor: Actor,
  groupName: string,
  channel: ConversationReferenceJson,
): Promise<ChannelLinkOutcome> {
  const resolution = resolveGroup(groupName, await deps.people.groups.listGroups());
  if (resolution.kind !== 'found') return { kind: 'unknownGroup' };
  ensureAllowed(actor, pollPermissions.pollGroup, resolution.group.slug);
  await deps.people.groups.linkChannel(resolution.group.slug, channel);
  deps.log.info({ groupSlug: resolution.group.slug, by: actor.member.id }, 'group channel linked');
  return { kind: 'linked', group: resolution.group };
}
