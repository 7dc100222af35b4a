import { z } from 'zod';
import type { Feature } from '../../bot/feature';
import type { Turn } from '../../bot/turn';
import { renderCard, type AdaptiveCardJson } from '../../cards/render-card';
import { AppError } from '../../errors';
import type { Translator } from '../../i18n/translator';
import { createGroupsRepository } from '../groups/repository';
import { can, ensureAllowed, type Actor } from '../members/actor';
import { createActorLoader } from '../members/actor-loader';
import { createMembersRepository } from '../members/repository';
import { calendarDayIn, formatCalendarDay } from '../../i18n/calendar';
import { channelConversationId, channelPostReference } from './channel-reference';
import { createDigestDependencies } from './digest-dependencies';
import {
  renderDigestPart,
  renderParts,
  splitIntoParts,
  type DigestContent,
  type ReaderView,
} from './digest-cards';
import { digestJobName, runInfoFlashDigest, snapshotItems, type DigestRunOptions } from './digest-run';
import {
  contentOf,
  digestActionSchema,
  itemActionSchema,
  proposeSchema,
  rejectSchema,
  saveSchema,
  withdrawSchema,
} from './item-form';
import { isEditable } from './item-status';
import { deliverToPeople, findCoordinators, refreshAudience } from '../members/reach';
import { infoFlashPersonalData } from './personal-data';
import { correctDigestItem, withdrawDigest, type PublishedDigestDependencies } from './published-digest';
import type { DigestRecord, ItemContent, ItemRecord } from './repository';

/** The weekly run waits this long at most for retries (429 Retry-After, backoff) before leaving them to later drains. */
const scheduledRunWaitMs = 5 * 60_000;
const listLength = 20;

const scheduledRun: DigestRunOptions = {
  buildNew: true,
  drain: true,
  waitForRetries: true,
  maxWaitMs: scheduledRunWaitMs,
};
/** "Publier" answers as soon as the deliveries are queued: the background drainer sends them. */
const publishNowRun: DigestRunOptions = {
  buildNew: true,
  drain: false,
  waitForRetries: false,
  maxWaitMs: 0,
};
const catchUpRun: DigestRunOptions = {
  buildNew: false,
  drain: true,
  waitForRetries: false,
  maxWaitMs: 0,
};

export const infoFlashFeature: Feature = {
  name: 'infoFlash',

  async register({ router, jobs, database, config, clock, log, outbox, personalData }) {
    const [groups, members] = await Promise.all([
      createGroupsRepository(database.connection),
      createMembersRepository(database.connection),
    ]);
    const loadActor = createActorLoader(members, config.coordinators);
    const run = await createDigestDependencies({
      database,
      outbox,
      clock,
      log,
      timeZone: config.timezone,
      coordinators: config.coordinators,
    });
    const { infoFlash } = run;
    const published: PublishedDigestDependencies = run;
    personalData.add(infoFlashPersonalData(infoFlash));

    jobs.add({
      name: digestJobName,
      schedule: config.schedules.infoFlashDigest,
      timezone: config.timezone,
      run: async () => {
        await runInfoFlashDigest(run, scheduledRun);
      },
    });
    // A run killed mid-way (crash, deployment) is finished within two minutes: its lease lapses in one.
    jobs.add({
      name: 'info-flash.catch-up',
      schedule: '* * * * *',
      timezone: config.timezone,
      run: async () => {
        await runInfoFlashDigest(run, catchUpRun);
      },
    });

    const day = (instant: Date, t: Translator) =>
      formatCalendarDay(calendarDayIn(instant, config.timezone), t.locale);
    const notice = (text: string, t: Translator) => renderCard('info-flash/notice', { text }, t);

    async function actorOf(turn: Turn<unknown>, manage = false): Promise<Actor> {
      const actor = await loadActor(turn.user, clock.now());
      if (manage) ensureAllowed(actor, 'manageInfoFlash');
      return actor;
    }

    async function requireItem(itemId: string): Promise<ItemRecord> {
      const item = await infoFlash.findItem(itemId);
      if (!item) throw new AppError('NOT_FOUND', { what: { messageKey: 'infoFlash.form.unknownItem' } });
      return item;
    }

    async function requireDigest(digestId: string): Promise<DigestRecord> {
      const digest = await infoFlash.findDigest(digestId);
      if (!digest) throw new AppError('NOT_FOUND', { what: { messageKey: 'infoFlash.form.unknownItem' } });
      return digest;
    }

    async function checkedContent(form: z.infer<typeof proposeSchema>): Promise<ItemContent> {
      const content = contentOf(form);
      if (content.groupSlug && !(await groups.findGroup(content.groupSlug))) {
        throw new AppError('INVALID_INPUT', { details: { messageKey: 'infoFlash.form.groupUnknown' } });
      }
      return content;
    }

    async function groupChoices() {
      return (await groups.listGroups()).map((group) => ({ title: group.title, value: group.slug }));
    }

    async function renderItemForm(
      t: Translator,
      options: { heading: string; intro: string; item?: ItemRecord },
    ) {
      const { item } = options;
      return renderCard(
        'info-flash/item-form',
        {
          notice: '',
          heading: options.heading,
          intro: options.intro,
          itemId: item?.id ?? '',
          title: item?.title ?? '',
          text: item?.text ?? '',
          link: item?.link ?? '',
          groupSlug: item?.groupSlug ?? '',
          groups: await groupChoices(),
        },
        t,
      );
    }

    async function groupTitleOf(item: ItemRecord): Promise<string | undefined> {
      return item.groupSlug ? (await groups.findGroup(item.groupSlug))?.title : undefined;
    }

    function renderReview(t: Translator, item: ItemRecord, groupTitle: string | undefined, noticeText = '') {
      return renderCard(
        'info-flash/review',
        {
          notice: noticeText,
          heading: t('infoFlash.review.title', { name: item.authorName ?? '—' }),
          itemId: item.id,
          title: item.title,
          text: item.text,
          group: t('infoFlash.review.group', { group: groupTitle ?? t('infoFlash.digest.wholeNetwork') }),
          link: item.link ? t('infoFlash.review.link', { link: item.link }) : '',
        },
        t,
      );
    }

    const contentOfDigest = (digest: DigestRecord): DigestContent => ({
      digestId: digest.id,
      number: digest.number,
      periodFrom: digest.periodFrom,
      periodTo: digest.itemsFixedAt,
      items: digest.items,
    });

    /** The digest as this person sees it: their language, their read state, the current count. */
    async function personalParts(turn: Turn<unknown>, digest: DigestRecord, actor: Actor, only?: number) {
      const shared = turn.conversation.kind !== 'personal';
      const reader: ReaderView = {
        readCount: await infoFlash.countReads(digest.id),
        hasRead: await infoFlash.hasRead(digest.id, actor.member.id),
        shared,
        refreshUserIds: shared ? refreshAudience(await members.listAll(), turn.user.id) : [],
        canAcknowledge: digest.state !== 'withdrawn',
      };
      const partition = digest.parts.map((part) => part.itemIds);
      const options = { t: turn.t, timeZone: config.timezone };
      if (only === undefined) return renderParts(contentOfDigest(digest), partition, reader, options);
      const index = Math.min(Math.max(only, 1), partition.length) - 1;
      return [
        renderDigestPart(
          contentOfDigest(digest),
          partition[index],
          { part: index + 1, parts: partition.length },
          reader,
          options,
        ),
      ];
    }

    async function sendCards(turn: Turn<unknown>, cards: AdaptiveCardJson[]) {
      for (const card of cards) await turn.send({ card });
    }

    // Items: proposing, reviewing, editing

    router.command({
      name: 'infoFlash.propose',
      wordsKey: 'infoFlash.propose.command',
      descriptionKey: 'infoFlash.propose.description',
      handler: async (turn) => {
        const actor = await actorOf(turn);
        const coordinator = can(actor, 'manageInfoFlash');
        await turn.send({
          card: await renderItemForm(turn.t, {
            heading: turn.t('infoFlash.propose.title'),
            intro: turn.t(coordinator ? 'infoFlash.propose.introCoordinator' : 'infoFlash.propose.intro'),
          }),
        });
      },
    });

    router.cardAction({
      verb: 'infoFlash.propose',
      schema: proposeSchema,
      handler: async (turn) => {
        const actor = await actorOf(turn);
        const content = await checkedContent(turn.data);
        // Coordinators write items directly: approved at once.
        const direct = can(actor, 'manageInfoFlash');
        const item = await infoFlash.createItem(
          content,
          { id: actor.member.id, name: actor.member.displayName },
          direct ? 'approved' : 'proposed',
          clock.now(),
        );
        log.info({ itemId: item.id, status: item.status }, 'Info Flash item written');
        if (!direct) {
          const groupTitle = await groupTitleOf(item);
          await deliverToPeople(
            outbox,
            await findCoordinators(members, config.coordinators),
            (t) => ({ card: renderReview(t, item, groupTitle) }),
            { batchKey: 'info-flash:notices', messageKey: `info-flash:item:${item.id}:review` },
          );
        }
        const key = direct ? 'infoFlash.propose.approvedDirectly' : 'infoFlash.propose.proposed';
        await turn.updateCard(notice(turn.t(key, { title: item.title }), turn.t));
      },
    });

    router.command({
      name: 'infoFlash.pending',
      wordsKey: 'infoFlash.review.pendingCommand',
      descriptionKey: 'infoFlash.review.pendingDescription',
      listed: false,
      handler: async (turn) => {
        await actorOf(turn, true);
        const items = await infoFlash.listProposed(listLength);
        await turn.send({
          card: renderCard(
            'info-flash/pending',
            {
              items: items.map((item) => ({
                itemId: item.id,
                line: turn.t('infoFlash.review.pendingLine', {
                  title: item.title,
                  name: item.authorName ?? '—',
                }),
              })),
            },
            turn.t,
          ),
        });
      },
    });

    /** The review card, or a notice when someone already decided. */
    async function reviewOrNotice(turn: Turn<unknown>, item: ItemRecord, noticeText = '') {
      if (item.status === 'proposed') return renderReview(turn.t, item, await groupTitleOf(item), noticeText);
      return notice(
        turn.t('infoFlash.review.alreadyDecided', {
          title: item.title,
          status: turn.t(`infoFlash.statuses.${item.status}`),
        }),
        turn.t,
      );
    }

    router.cardAction({
      verb: 'infoFlash.review',
      schema: itemActionSchema,
      handler: async (turn) => {
        await actorOf(turn, true);
        await turn.updateCard(await reviewOrNotice(turn, await requireItem(turn.data.itemId)));
      },
    });

    async function tellAuthor(item: ItemRecord, decision: string, text: (t: Translator) => string) {
      const author = item.authorId ? await members.findById(item.authorId) : undefined;
      if (!author) return;
      await deliverToPeople(outbox, [author], (t) => ({ text: text(t) }), {
        batchKey: 'info-flash:notices',
        messageKey: `info-flash:item:${item.id}:${decision}`,
      });
    }

    router.cardAction({
      verb: 'infoFlash.approve',
      schema: itemActionSchema,
      handler: async (turn) => {
        const actor = await actorOf(turn, true);
        const item = await infoFlash.decide(
          turn.data.itemId,
          { status: 'approved', by: actor.member.id },
          clock.now(),
        );
        if (!item) {
          await turn.updateCard(await reviewOrNotice(turn, await requireItem(turn.data.itemId)));
          return;
        }
        log.info({ itemId: item.id, by: actor.member.id }, 'Info Flash item approved');
        await tellAuthor(item, 'approved', (t) =>
          t('infoFlash.review.authorApproved', { title: item.title }),
        );
        await turn.updateCard(notice(turn.t('infoFlash.review.approved', { title: item.title }), turn.t));
      },
    });

    router.cardAction({
      verb: 'infoFlash.reject',
      schema: rejectSchema,
      handler: async (turn) => {
        const actor = await actorOf(turn, true);
        const { itemId, reason } = turn.data;
        const item = await infoFlash.decide(
          itemId,
          { status: 'rejected', by: actor.member.id, reason },
          clock.now(),
        );
        if (!item) {
          await turn.updateCard(await reviewOrNotice(turn, await requireItem(itemId)));
          return;
        }
        log.info({ itemId: item.id, by: actor.member.id }, 'Info Flash item rejected');
        await tellAuthor(item, 'rejected', (t) =>
          t('infoFlash.review.authorRejected', { title: item.title, reason }),
        );
        await turn.updateCard(
          notice(
            turn.t('infoFlash.review.rejected', { title: item.title, name: item.authorName ?? '—' }),
            turn.t,
          ),
        );
      },
    });

    router.cardAction({
      verb: 'infoFlash.edit',
      schema: itemActionSchema,
      handler: async (turn) => {
        await actorOf(turn, true);
        const item = await requireItem(turn.data.itemId);
        if (!isEditable(item.status)) {
          await turn.updateCard(await reviewOrNotice(turn, item));
          return;
        }
        await turn.updateCard(
          await renderItemForm(turn.t, { heading: turn.t('infoFlash.edit.title'), intro: item.title, item }),
        );
      },
    });

    router.cardAction({
      verb: 'infoFlash.save',
      schema: saveSchema,
      handler: async (turn) => {
        await actorOf(turn, true);
        const { itemId, ...form } = turn.data;
        const content = await checkedContent(form);
        const item = await requireItem(itemId);
        if (!isEditable(item.status)) {
          await turn.updateCard(await reviewOrNotice(turn, item));
          return;
        }
        // A published item is corrected in its digest first: a correction too large for a card is refused whole.
        const correction = item.digestId
          ? await correctDigestItem(published, item.digestId, item.id, content)
          : undefined;
        if (correction?.kind === 'tooLarge') {
          throw new AppError('INVALID_INPUT', { details: { messageKey: 'infoFlash.edit.tooLarge' } });
        }
        const saved = await infoFlash.updateContent(item.id, content, clock.now());
        if (!saved) throw new AppError('CONFLICT');
        if (correction?.kind === 'corrected') {
          log.info(
            { itemId, digestId: item.digestId, revision: correction.revision },
            'Info Flash digest corrected',
          );
          await turn.updateCard(
            notice(
              turn.t('infoFlash.edit.corrected', { title: saved.title, count: correction.channels }),
              turn.t,
            ),
          );
          return;
        }
        await turn.updateCard(await reviewOrNotice(turn, saved, turn.t('infoFlash.edit.saved')));
      },
    });

    // Reading digests

    router.command({
      name: 'infoFlash.latest',
      wordsKey: 'infoFlash.latest.command',
      descriptionKey: 'infoFlash.latest.description',
      handler: async (turn) => {
        const digest = await infoFlash.latestPublished();
        if (!digest) {
          await turn.sendText('infoFlash.latest.none');
          return;
        }
        await sendCards(turn, await personalParts(turn, digest, await actorOf(turn)));
      },
    });

    router.cardAction({
      verb: 'infoFlash.open',
      schema: digestActionSchema,
      handler: async (turn) => {
        const digest = await requireDigest(turn.data.digestId);
        // Only what went out can be opened: a withdrawn digest stays withdrawn, and one still
        // being built is the coordinators' preview, not something a card id should reveal.
        if (digest.state === 'withdrawn') {
          await turn.sendText('infoFlash.digest.withdrawn', { number: digest.number });
          return;
        }
        if (digest.state !== 'sending' && digest.state !== 'sent') {
          throw new AppError('NOT_FOUND', { what: { messageKey: 'infoFlash.digest.unknown' } });
        }
        await sendCards(turn, await personalParts(turn, digest, await actorOf(turn)));
      },
    });

    /** "J'ai lu" and Teams' automatic refresh both answer with the clicker's own view of that part. */
    async function answerWithOwnView(turn: Turn<z.infer<typeof digestActionSchema>>, acknowledge: boolean) {
      const actor = await actorOf(turn);
      const digest = await requireDigest(turn.data.digestId);
      if (digest.state === 'withdrawn') {
        await turn.updateCard(
          notice(turn.t('infoFlash.digest.withdrawn', { number: digest.number }), turn.t),
        );
        return;
      }
      if (acknowledge) {
        const first = await infoFlash.recordRead(
          digest.id,
          actor.member.id,
          channelConversationId(turn.conversation.id),
          clock.now(),
        );
        if (first) log.info({ digestId: digest.id }, 'Info Flash read');
      }
      const [card] = await personalParts(turn, digest, actor, Number(turn.data.part ?? '1'));
      await turn.updateCard(card);
    }

    router.cardAction({
      verb: 'infoFlash.read',
      schema: digestActionSchema,
      handler: (turn) => answerWithOwnView(turn, true),
    });

    router.cardAction({
      verb: 'infoFlash.refresh',
      schema: digestActionSchema,
      handler: (turn) => answerWithOwnView(turn, false),
    });

    router.command({
      name: 'infoFlash.archives',
      wordsKey: 'infoFlash.archives.command',
      descriptionKey: 'infoFlash.archives.description',
      handler: async (turn) => {
        const actor = await actorOf(turn);
        const digests = await infoFlash.listPublished(listLength);
        await turn.send({
          card: renderCard(
            'info-flash/archives',
            {
              canManage: can(actor, 'manageInfoFlash'),
              digests: digests.map((digest) => {
                const withdrawn = digest.state === 'withdrawn';
                const params = {
                  number: digest.number,
                  date: day(digest.itemsFixedAt, turn.t),
                  count: digest.items.length,
                };
                return {
                  digestId: digest.id,
                  withdrawn,
                  line: turn.t(
                    withdrawn ? 'infoFlash.archives.withdrawnLine' : 'infoFlash.archives.line',
                    params,
                  ),
                };
              }),
            },
            turn.t,
          ),
        });
      },
    });

    // Coordinators: preview, publish, reads, corrections, withdrawal

    router.command({
      name: 'infoFlash.preview',
      wordsKey: 'infoFlash.preview.command',
      descriptionKey: 'infoFlash.preview.description',
      listed: false,
      handler: async (turn) => {
        await actorOf(turn, true);
        const items = await infoFlash.listPublishable();
        if (items.length === 0) {
          await turn.sendText('infoFlash.preview.empty');
          return;
        }
        const [last] = await infoFlash.listPublished(1);
        const content: DigestContent = {
          digestId: '000000000000000000000000',
          number: (last?.number ?? 0) + 1,
          periodFrom: (await infoFlash.lastCutoff()) ?? items[0].approvedAt ?? clock.now(),
          periodTo: clock.now(),
          items: snapshotItems(items, await run.sections()),
        };
        const reader: ReaderView = {
          readCount: 0,
          hasRead: false,
          shared: false,
          refreshUserIds: [],
          preview: true,
        };
        const options = { t: turn.t, timeZone: config.timezone };
        await turn.sendText('infoFlash.preview.audience', {
          count: (await infoFlash.activeChannels()).length,
        });
        await sendCards(
          turn,
          renderParts(content, splitIntoParts(content, reader, options), reader, options),
        );
      },
    });

    router.command({
      name: 'infoFlash.publish',
      wordsKey: 'infoFlash.publish.command',
      descriptionKey: 'infoFlash.publish.description',
      listed: false,
      handler: async (turn) => {
        await actorOf(turn, true);
        const outcome = await runInfoFlashDigest(run, publishNowRun);
        if (outcome.kind === 'busy') {
          await turn.sendText('infoFlash.publish.busy');
          return;
        }
        const progress = outcome.built ?? outcome.resumed.at(-1);
        if (!progress) {
          await turn.sendText(
            outcome.nothingBecause === 'noChannels'
              ? 'infoFlash.publish.noChannels'
              : 'infoFlash.publish.noItems',
          );
          return;
        }
        const { number, channels, sent, failed, pending } = progress;
        await turn.sendText(pending > 0 ? 'infoFlash.publish.queued' : 'infoFlash.publish.done', {
          number,
          channels,
          sent,
          failed,
          pending,
        });
      },
    });

    async function renderReads(turn: Turn<unknown>, digests: DigestRecord[]) {
      const counts = await infoFlash.readCounts(digests.map((digest) => digest.id));
      const channels = await infoFlash.findChannels([
        ...new Set(counts.map((count) => count.conversationId)),
      ]);
      const channelName = (conversationId: string) => {
        const channel = channels.find((candidate) => candidate.conversationId === conversationId);
        if (channel)
          return turn.t('infoFlash.reads.channel', { name: channel.name ?? conversationId.slice(0, 24) });
        return conversationId.startsWith('19:')
          ? turn.t('infoFlash.reads.channel', { name: conversationId.slice(0, 24) })
          : turn.t('infoFlash.reads.personal');
      };
      return renderCard(
        'info-flash/reads',
        {
          digests: digests.map((digest) => {
            const rows = counts.filter((count) => count.digestId === digest.id);
            const byPlace = new Map<string, number>();
            for (const row of rows) {
              const name = channelName(row.conversationId);
              byPlace.set(name, (byPlace.get(name) ?? 0) + row.count);
            }
            return {
              line: turn.t('infoFlash.reads.digestLine', {
                number: digest.number,
                date: day(digest.itemsFixedAt, turn.t),
                count: rows.reduce((total, row) => total + row.count, 0),
              }),
              channels: [...byPlace].map(([channel, count]) => ({
                line: turn.t('infoFlash.reads.channelLine', { channel, count }),
              })),
            };
          }),
        },
        turn.t,
      );
    }

    router.command({
      name: 'infoFlash.reads',
      wordsKey: 'infoFlash.reads.command',
      descriptionKey: 'infoFlash.reads.description',
      listed: false,
      handler: async (turn) => {
        await actorOf(turn, true);
        await turn.send({ card: await renderReads(turn, await infoFlash.listPublished(listLength)) });
      },
    });

    router.cardAction({
      verb: 'infoFlash.reads',
      schema: digestActionSchema,
      handler: async (turn) => {
        await actorOf(turn, true);
        await turn.send({ card: await renderReads(turn, [await requireDigest(turn.data.digestId)]) });
      },
    });

    router.cardAction({
      verb: 'infoFlash.correct',
      schema: digestActionSchema,
      handler: async (turn) => {
        await actorOf(turn, true);
        const digest = await requireDigest(turn.data.digestId);
        await turn.send({
          card: renderCard(
            'info-flash/correct',
            {
              title: turn.t('infoFlash.correct.title', { number: digest.number }),
              items: digest.items.map((item) => ({ itemId: item.itemId, title: item.title })),
            },
            turn.t,
          ),
        });
      },
    });

    router.cardAction({
      verb: 'infoFlash.withdraw',
      schema: withdrawSchema,
      handler: async (turn) => {
        const actor = await actorOf(turn, true);
        const digest = await requireDigest(turn.data.digestId);
        const outcome = await withdrawDigest(published, digest, clock.now());
        const params = { number: digest.number };
        if (outcome.kind === 'withdrawn') {
          log.info(
            { digestId: digest.id, by: actor.member.id, channels: outcome.channels },
            'Info Flash digest withdrawn',
          );
          await turn.send({
            text: turn.t('infoFlash.withdraw.done', { ...params, count: outcome.channels }),
          });
          return;
        }
        await turn.send({
          text: turn.t(
            outcome.kind === 'alreadyWithdrawn'
              ? 'infoFlash.withdraw.already'
              : 'infoFlash.withdraw.notPublished',
            params,
          ),
        });
      },
    });

    // Channels

    async function subscribeHere(turn: Turn<unknown>): Promise<string> {
      const actor = await actorOf(turn, true);
      if (turn.conversation.kind !== 'channel') return turn.t('infoFlash.subscribe.channelOnly');
      const reference = channelPostReference(turn.conversationReference);
      const conversation = reference.conversation as { id: string; name?: string };
      const subscribed = await infoFlash.subscribe({
        conversationId: conversation.id,
        teamId: turn.conversation.teamId,
        tenantId: turn.conversation.tenantId,
        ...(conversation.name ? { name: conversation.name } : {}),
        reference,
        subscribedBy: actor.member.id,
        subscribedAt: clock.now(),
      });
      log.info({ conversationId: conversation.id, subscribed }, 'Info Flash channel subscription');
      return turn.t(subscribed ? 'infoFlash.subscribe.done' : 'infoFlash.subscribe.already');
    }

    router.command({
      name: 'infoFlash.subscribe',
      wordsKey: 'infoFlash.subscribe.command',
      descriptionKey: 'infoFlash.subscribe.description',
      listed: false,
      handler: async (turn) => {
        await turn.send({ text: await subscribeHere(turn) });
      },
    });

    router.cardAction({
      verb: 'infoFlash.subscribe',
      schema: z.strictObject({}),
      handler: async (turn) => {
        await turn.updateCard(notice(await subscribeHere(turn), turn.t));
      },
    });

    router.command({
      name: 'infoFlash.unsubscribe',
      wordsKey: 'infoFlash.unsubscribe.command',
      descriptionKey: 'infoFlash.unsubscribe.description',
      listed: false,
      handler: async (turn) => {
        await actorOf(turn, true);
        if (turn.conversation.kind !== 'channel') {
          await turn.sendText('infoFlash.subscribe.channelOnly');
          return;
        }
        const conversationId = channelConversationId(turn.conversation.id);
        const removed = await infoFlash.deactivate(conversationId, 'unsubscribed', clock.now());
        await turn.sendText(removed ? 'infoFlash.unsubscribe.done' : 'infoFlash.unsubscribe.notSubscribed');
      },
    });

    // Installed in a team: the General channel (the event's conversation) is offered, not subscribed.
    router.event('bot:added', async (turn) => {
      if (turn.conversation.kind !== 'channel' || !turn.conversation.teamId) return;
      await turn.send({ card: renderCard('info-flash/subscribe-offer', {}, turn.t) });
    });

    router.event('bot:removed', async (turn) => {
      if (!turn.conversation.teamId) return;
      const ended = await infoFlash.deactivateTeam(turn.conversation.teamId, clock.now());
      log.info({ teamId: turn.conversation.teamId, ended }, 'Info Flash subscriptions of a team ended');
    });
  },
};
