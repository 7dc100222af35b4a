import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Feature } from '../../bot/feature';
import type { Turn } from '../../bot/turn';
import { createOutboxRepository } from '../../delivery/repository';
import { AppError } from '../../errors';
import { formatInstant } from '../../i18n/calendar';
import type { MessageKey } from '../../i18n/translator';
import {
  resolveGroup,
  createGroupsRepository,
  type GroupRecord,
  can,
  ensureAllowed,
  type Actor,
  createActorLoader,
  deliverToPeople,
  isReachable,
  refreshAudience,
  createMembersRepository,
} from '../../people';
import { pollsPersonalData } from './personal-data';
import { belongsToAudience, loadAudience, summarize } from './poll-audience';
import {
  isFinal,
  renderFormCard,
  renderListCard,
  renderPickCard,
  renderPreviewCard,
  type DeliveryProgress,
  renderResultsCard,
  renderVoterCard,
  type CardContext,
  type VoterView,
} from './poll-cards';
import {
  describeFormProblems,
  networkAudience,
  pollIdSchema,
  readPollForm,
  type PollForm,
} from './poll-form';
import {
  castBallot,
  closeDuePolls,
  closePoll,
  exportResults,
  remindNonVoters,
  resultsViewOf,
  pollMessageKeys,
  sendPoll,
  type PollDependencies,
} from './poll-service';
import { createPollsRepository, type BallotRecord, type PollRecord, type PollSettings } from './repository';
import { voterKeyOf } from './voter-key';
import { pollPermissions } from './permissions';
import { contributePollsToTab } from './tab';

const pollActionSchema = z.strictObject({ pollId: pollIdSchema });
/** Input.ChoiceSet sends option ids, comma-separated when several; checked against the poll. */
const voteSchema = z.strictObject({ pollId: pollIdSchema, choices: z.string().max(400).default('') });
/** `poll.preview` is parsed strictly by `readPollForm`, which names every problem in the person's words. */
const previewSchema = z.looseObject({});

/** How many of their own polls a lead sees in `sondages`, and how many closed polls a coordinator. */
const listLength = 10;

export const pollsFeature: Feature = {
  name: 'polls',

  async register({ router, database, config, clock, outbox, jobs, personalData, log, tab }) {
    const [polls, groups, members, deliveries] = await Promise.all([
      createPollsRepository(database.connection),
      createGroupsRepository(database.connection),
      createMembersRepository(database.connection),
      createOutboxRepository(database.connection),
    ]);
    contributePollsToTab(tab, polls);
    const loadActor = createActorLoader(members, config.coordinators);
    const deps: PollDependencies = {
      polls,
      groups,
      members,
      deliveries,
      outbox,
      ballotKeys: config.ballotKeys,
      timeZone: config.timezone,
      coordinators: config.coordinators,
      log,
    };
    personalData.add(pollsPersonalData(polls));

    jobs.add({
      name: 'polls.close',
      schedule: config.schedules.pollClosing,
      timezone: config.timezone,
      run: async () => {
        await closeDuePolls(deps, clock.now());
      },
    });

    const contextOf = (turn: Turn<unknown>): CardContext => ({
      t: turn.t,
      timeZone: config.timezone,
      now: clock.now(),
    });

    const notFound = () => new AppError('NOT_FOUND', { what: { messageKey: 'polls.unknownPoll' } });

    /** Drafts are their author's alone; sent polls are found by anyone holding their card. */
    async function requirePoll(pollId: string, actor?: Actor): Promise<PollRecord> {
      const poll = await polls.findPoll(pollId);
      if (!poll) throw notFound();
      if (poll.status === 'draft' && poll.createdBy.memberId !== actor?.member.id) throw notFound();
      return poll;
    }

    /** Leads poll their group; the whole network is for coordinators. Checked on every action. */
    function ensureMayPoll(actor: Actor, groupSlug: string | undefined): void {
      if (groupSlug === undefined) ensureAllowed(actor, pollPermissions.pollNetwork);
      else ensureAllowed(actor, pollPermissions.pollGroup, groupSlug);
    }

    /** The poll a lead or coordinator acts on, with who acts: found, visible to them, theirs to manage. */
    async function managedPoll(person: Turn<unknown>['user'], pollId: string, now: Date) {
      const actor = await loadActor(person, now);
      const poll = await requirePoll(pollId, actor);
      ensureMayPoll(actor, poll.groupSlug);
      return { actor, poll };
    }

    async function pollableGroups(actor: Actor): Promise<GroupRecord[]> {
      return (await groups.listGroups()).filter((group) => can(actor, pollPermissions.pollGroup, group.slug));
    }

    function audienceChoices(turn: Turn<unknown>, actor: Actor, choices: GroupRecord[]) {
      return [
        ...choices.map((group) => ({ value: group.slug, title: group.title })),
        ...(can(actor, pollPermissions.pollNetwork)
          ? [{ value: networkAudience, title: turn.t('polls.audience.network') }]
          : []),
      ];
    }

    /** The card as this person sees it; `known` skips reading what the caller just wrote. */
    async function voterCard(
      turn: Turn<unknown>,
      actor: Actor,
      poll: PollRecord,
      notice?: VoterView['notice'],
      known: { ballot?: BallotRecord } = {},
    ) {
      const [ballot, tally, isInAudience] = await Promise.all([
        known.ballot ?? polls.findBallot(poll.id, voterKeyOf(poll, actor.member.id, config.ballotKeys)),
        polls.tally(poll.id),
        // A ballot was just recorded: its author belongs to the audience.
        known.ballot ? true : belongsToAudience(deps, poll, actor.member.id),
      ]);
      const shared = turn.conversation.kind !== 'personal';
      const refreshUserIds = shared
        ? refreshAudience((await loadAudience(deps, poll)).members, turn.user.id)
        : [turn.user.id];
      return renderVoterCard(
        { poll, ballot, tally, isInAudience, notice, shared, refreshUserIds },
        contextOf(turn),
      );
    }

    async function resultsCard(turn: Turn<unknown>, actor: Actor, poll: PollRecord, notice?: string) {
      const mayManage = can(
        actor,
        poll.groupSlug ? pollPermissions.pollGroup : pollPermissions.pollNetwork,
        poll.groupSlug ?? '',
      );
      return renderResultsCard(
        {
          ...(await resultsViewOf(deps, poll)),
          canRemind: mayManage,
          canClose: mayManage,
          canExport: can(actor, pollPermissions.exportPollResults),
          notice,
        },
        contextOf(turn),
      );
    }

    // ——— Creating ———

    router.command({
      name: 'poll.create',
      wordsKey: 'polls.commands.create',
      descriptionKey: 'polls.commands.createDescription',
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const choices = await pollableGroups(actor);
        if (choices.length === 0 && !can(actor, pollPermissions.pollNetwork))
          ensureAllowed(actor, pollPermissions.pollGroup, '');
        const wanted = turn.text.trim() ? resolveGroup(turn.text, choices) : undefined;
        const group = wanted?.kind === 'found' ? wanted.group.slug : (choices[0]?.slug ?? networkAudience);
        await turn.send({
          card: renderFormCard({ groups: audienceChoices(turn, actor, choices), group }, contextOf(turn)),
        });
      },
    });

    async function settingsOf(form: PollForm, turn: Turn<unknown>): Promise<PollSettings> {
      const groupSlug = form.audience === networkAudience ? undefined : form.audience;
      const group = groupSlug ? await groups.findGroup(groupSlug) : undefined;
      if (groupSlug && !group)
        throw new AppError('NOT_FOUND', { what: { messageKey: 'groups.unknownGroup' } });
      return {
        groupSlug,
        audienceTitle: group?.title ?? turn.t('polls.audience.network'),
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

    router.cardAction({
      verb: 'poll.preview',
      schema: previewSchema,
      handler: async (turn) => {
        const now = clock.now();
        const actor = await loadActor(turn.user, now);
        const read = readPollForm(turn.data, { now, timeZone: config.timezone });
        if (!read.ok)
          throw new AppError('INVALID_INPUT', { details: describeFormProblems(read.problems, turn.t) });
        const { form } = read;
        // Whatever the card offered, the server decides who may poll which group.
        ensureMayPoll(actor, form.audience === networkAudience ? undefined : form.audience);
        const settings = await settingsOf(form, turn);
        const author = { memberId: actor.member.id, name: actor.member.displayName };
        const draft = form.pollId
          ? await polls.updateDraft(form.pollId, actor.member.id, settings, now)
          : await polls.createDraft(settings, author, now);
        if (!draft) throw notFound();
        const audience = summarize(await loadAudience(deps, draft));
        await turn.updateCard(renderPreviewCard(draft, audience, contextOf(turn)));
      },
    });

    router.cardAction({
      verb: 'poll.edit',
      schema: pollActionSchema,
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const poll = await requirePoll(turn.data.pollId, actor);
        if (poll.status !== 'draft') throw new AppError('CONFLICT');
        ensureMayPoll(actor, poll.groupSlug);
        const choices = await pollableGroups(actor);
        await turn.updateCard(
          renderFormCard(
            {
              groups: audienceChoices(turn, actor, choices),
              group: poll.groupSlug ?? networkAudience,
              pollId: poll.id,
              settings: poll,
            },
            contextOf(turn),
          ),
        );
      },
    });

    router.cardAction({
      verb: 'poll.send',
      schema: pollActionSchema,
      handler: async (turn) => {
        const now = clock.now();
        const { actor, poll } = await managedPoll(turn.user, turn.data.pollId, now);
        if (poll.status === 'draft' && poll.deadline.getTime() <= now.getTime()) {
          throw new AppError('INVALID_INPUT', { details: turn.t('polls.problems.deadlinePast') });
        }
        const outcome = await sendPoll(deps, poll, now);
        const audience = summarize(await loadAudience(deps, poll));
        if (outcome.kind === 'nobody') {
          throw new AppError('INVALID_INPUT', { details: turn.t('polls.preview.nobodyToReach') });
        }
        const current = outcome.kind === 'sent' ? outcome.poll : await requirePoll(poll.id, actor);
        const notice =
          outcome.kind === 'sent'
            ? turn.t('polls.preview.sent', {
                personal: outcome.personal,
                channel: outcome.channel ? turn.t('polls.preview.sentChannel') : '',
              })
            : turn.t('polls.preview.alreadySent');
        const progress = await progressOf(current, turn.user.id);
        await turn.updateCard(renderPreviewCard(current, audience, contextOf(turn), notice, progress));
      },
    });

    /** The sending of a poll's cards so far, once it left its draft. */
    async function progressOf(poll: PollRecord, userId: string): Promise<DeliveryProgress | undefined> {
      if (poll.status === 'draft') return undefined;
      const states = await deps.deliveries.countMessageStates(pollMessageKeys.card(poll.id));
      return {
        sent: states.sent,
        failed: states.failed,
        waiting: states.pending + states.sending,
        userIds: [userId],
      };
    }

    // Teams refreshes the author's card as they look at it: the progress follows the deliveries.
    router.cardAction({
      verb: 'poll.progress',
      schema: pollActionSchema,
      handler: async (turn) => {
        const { poll } = await managedPoll(turn.user, turn.data.pollId, clock.now());
        const audience = summarize(await loadAudience(deps, poll));
        const progress = await progressOf(poll, turn.user.id);
        await turn.updateCard(renderPreviewCard(poll, audience, contextOf(turn), '', progress));
      },
    });

    router.command({
      name: 'poll.channel',
      wordsKey: 'polls.commands.channel',
      descriptionKey: 'polls.commands.channelDescription',
      listed: false,
      handler: async (turn) => {
        if (turn.conversation.kind !== 'channel') {
          await turn.sendText('polls.channel.personalOnly');
          return;
        }
        const resolution = resolveGroup(turn.text, await groups.listGroups());
        if (resolution.kind !== 'found') {
          await turn.sendText('polls.channel.whichGroup');
          return;
        }
        const actor = await loadActor(turn.user, clock.now());
        ensureAllowed(actor, pollPermissions.pollGroup, resolution.group.slug);
        await groups.linkChannel(resolution.group.slug, turn.conversationReference);
        log.info({ groupSlug: resolution.group.slug, by: actor.member.id }, 'group channel linked');
        await turn.sendText('polls.channel.linked', { group: resolution.group.title });
      },
    });

    // ——— Voting ———

    router.cardAction({
      verb: 'poll.vote',
      traceless: true,
      schema: voteSchema,
      handler: async (turn) => {
        const now = clock.now();
        const [actor, poll] = await Promise.all([loadActor(turn.user, now), requirePoll(turn.data.pollId)]);
        if (poll.status === 'draft') throw notFound();
        const outcome = await castBallot(deps, {
          poll,
          memberId: actor.member.id,
          choices: turn.data.choices,
          now,
        });
        switch (outcome.kind) {
          case 'closed':
            await turn.updateCard(
              await voterCard(turn, actor, poll, { text: turn.t('polls.poll.tooLate'), color: 'Attention' }),
            );
            return;
          case 'notInAudience':
            throw new AppError('NOT_ALLOWED', {
              role: turn.t('polls.poll.notMemberRole', { audience: poll.audienceTitle }),
            });
          case 'refused':
            throw new AppError('INVALID_INPUT', {
              details: turn.t(outcome.problem.key, outcome.problem.params),
            });
          case 'recorded': {
            const notice = turn.t(outcome.changed ? 'polls.poll.changed' : 'polls.poll.voted');
            await turn.updateCard(
              await voterCard(turn, actor, poll, { text: notice, color: 'Good' }, { ballot: outcome.ballot }),
            );
          }
        }
      },
    });

    // The per-user view: Teams asks for it when a listed user sees a shared card, or on "Actualiser".
    for (const verb of ['poll.refresh', 'poll.show']) {
      router.cardAction({
        verb,
        schema: pollActionSchema,
        handler: async (turn) => {
          const [actor, poll] = await Promise.all([
            loadActor(turn.user, clock.now()),
            requirePoll(turn.data.pollId),
          ]);
          if (poll.status === 'draft') throw notFound();
          const inAudience = await belongsToAudience(deps, poll, actor.member.id);
          const notice =
            inAudience || isFinal(poll, clock.now())
              ? undefined
              : {
                  text: turn.t('polls.poll.notMemberNotice', { audience: poll.audienceTitle }),
                  color: 'Warning' as const,
                };
          await turn.updateCard(await voterCard(turn, actor, poll, notice));
        },
      });
    }

    // ——— Following and closing ———

    router.command({
      name: 'poll.list',
      wordsKey: 'polls.commands.list',
      descriptionKey: 'polls.commands.listDescription',
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        const memberships = await groups.groupsOf(actor.member.id);
        const open = (
          await polls.findOpenPollsFor(
            memberships.map((membership) => membership.groupSlug),
            true,
          )
        ).filter((poll) => !isFinal(poll, clock.now()));
        const answered = new Set(
          (
            await polls.findBallots(
              open.map((poll) => ({
                pollId: poll.id,
                voterKey: voterKeyOf(poll, actor.member.id, config.ballotKeys),
              })),
            )
          ).map((ballot) => ballot.pollId),
        );
        const toAnswer = open.map((poll) => ({ poll, answered: answered.has(poll.id) }));
        const withTally = (poll: PollRecord) => polls.tally(poll.id).then((tally) => ({ poll, tally }));
        const mine = await Promise.all(
          (await polls.findPollsCreatedBy(actor.member.id, listLength)).map(withTally),
        );
        const exportable = can(actor, pollPermissions.exportPollResults)
          ? await Promise.all((await polls.findRecentlyClosed(listLength)).map(withTally))
          : [];
        await turn.send({ card: renderListCard({ toAnswer, mine, exportable }, contextOf(turn)) });
      },
    });

    /** Open polls this person may remind or close: their groups' (every poll for coordinators). */
    async function manageablePolls(actor: Actor): Promise<PollRecord[]> {
      const led = [...actor.leadOf];
      const open = actor.isCoordinator
        ? await polls.findOpenPollsFor(
            (await groups.listGroups()).map((group) => group.slug),
            true,
          )
        : await polls.findOpenPollsFor(led, false);
      return open.filter((poll) => !isFinal(poll, clock.now()));
    }

    /** `sondage rappel` / `sondage clore`: the open polls the person may act on, one button each. */
    function registerPickCommand(
      name: 'poll.remind' | 'poll.close',
      keys: {
        words: MessageKey;
        description: MessageKey;
        title: MessageKey;
        intro: MessageKey;
        button: MessageKey;
      },
      eligible: (poll: PollRecord) => boolean,
    ) {
      router.command({
        name,
        wordsKey: keys.words,
        descriptionKey: keys.description,
        listed: false,
        handler: async (turn) => {
          const actor = await loadActor(turn.user, clock.now());
          if (!actor.isCoordinator && actor.leadOf.size === 0)
            ensureAllowed(actor, pollPermissions.pollGroup, '');
          const card = renderPickCard(
            {
              title: turn.t(keys.title),
              intro: turn.t(keys.intro),
              verb: name,
              buttonTitle: turn.t(keys.button),
              polls: (await manageablePolls(actor)).filter(eligible),
            },
            contextOf(turn),
          );
          await turn.send({ card });
        },
      });
    }

    registerPickCommand(
      'poll.remind',
      {
        words: 'polls.commands.remind',
        description: 'polls.commands.remindDescription',
        title: 'polls.manage.remindTitle',
        intro: 'polls.manage.remindIntro',
        button: 'polls.results.remind',
      },
      (poll) => !poll.remindedAt,
    );
    registerPickCommand(
      'poll.close',
      {
        words: 'polls.commands.close',
        description: 'polls.commands.closeDescription',
        title: 'polls.manage.closeTitle',
        intro: 'polls.manage.closeIntro',
        button: 'polls.results.close',
      },
      () => true,
    );

    router.cardAction({
      verb: 'poll.results',
      schema: pollActionSchema,
      handler: async (turn) => {
        const { actor, poll } = await managedPoll(turn.user, turn.data.pollId, clock.now());
        await turn.updateCard(await resultsCard(turn, actor, poll));
      },
    });

    router.cardAction({
      verb: 'poll.remind',
      schema: pollActionSchema,
      handler: async (turn) => {
        const now = clock.now();
        const { actor, poll } = await managedPoll(turn.user, turn.data.pollId, now);
        const outcome = await remindNonVoters(deps, poll, now);
        const t = turn.t;
        const notice =
          outcome.kind === 'reminded'
            ? t(outcome.count > 0 ? 'polls.remind.done' : 'polls.remind.nobody', { count: outcome.count })
            : outcome.kind === 'already'
              ? t('polls.remind.already', { date: formatInstant(outcome.at, t.locale, config.timezone) })
              : t('polls.remind.closed');
        const current = (await polls.findPoll(poll.id)) ?? poll;
        await turn.updateCard(await resultsCard(turn, actor, current, notice));
      },
    });

    router.cardAction({
      verb: 'poll.close',
      schema: pollActionSchema,
      handler: async (turn) => {
        const now = clock.now();
        const { actor, poll } = await managedPoll(turn.user, turn.data.pollId, now);
        const closed = await closePoll(deps, poll.id, 'lead', now);
        const current = closed ?? (await polls.findPoll(poll.id)) ?? poll;
        const notice = turn.t(closed ? 'polls.close.done' : 'polls.close.already');
        await turn.updateCard(await resultsCard(turn, actor, current, notice));
      },
    });

    router.cardAction({
      verb: 'poll.export',
      schema: pollActionSchema,
      handler: async (turn) => {
        const actor = await loadActor(turn.user, clock.now());
        ensureAllowed(actor, pollPermissions.exportPollResults);
        const poll = await requirePoll(turn.data.pollId, actor);
        if (poll.status !== 'closed')
          throw new AppError('INVALID_INPUT', { details: turn.t('polls.notClosed') });
        const file = await exportResults(deps, poll, turn.t);
        const message = {
          text: turn.t('polls.csv.sentNotice', { question: poll.question }),
          files: [{ name: file.name, contentType: 'text/csv', content: file.content }],
        };
        // Named results are personal data: they go to the coordinator's 1:1 chat, never to a channel.
        if (turn.conversation.kind === 'personal') await turn.send(message);
        else if (isReachable(actor.member)) {
          await deliverToPeople(outbox, [actor.member], () => message, {
            batchKey: pollMessageKeys.card(poll.id),
            messageKey: `${pollMessageKeys.card(poll.id)}:export:${randomUUID()}`,
          });
          await turn.sendText('polls.csv.sentPrivately');
        } else await turn.sendText('polls.csv.personalOnly');
      },
    });
  },
};
