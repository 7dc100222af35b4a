import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import type { Outbox } from '../../delivery/outbox';
import type { NewDelivery, OutboxRepository } from '../../delivery/repository';
import type { Translator } from '../../i18n/translator';
import { withJobLease, type JobLeases } from '../../scheduling/job-lease';
import { buildChannelParts } from './digest-cards';
import type {
  ChannelSubscription,
  DigestItem,
  DigestRecord,
  InfoFlashRepository,
  ItemContent,
} from './repository';

export const digestJobName = 'info-flash.digest';
/**
 * A run killed mid-way (kill -9, lost host) keeps others out of the digest for this long at most:
 * then the catch-up job of any instance closes its digest and reports its failures.
 */
const digestLeaseMs = 60_000;

/**
 * The weekly run waits this long at most for retries (429 Retry-After, backoff) before leaving them
 * to later drains; runs that do not wait hold the lease as long, so they never overlap it.
 */
export const scheduledRunWaitMs = 5 * 60_000;

/** Where items of a group are shown: its title and the groups card's order. */
export type SectionLookup = (groupSlug: string) => { title: string; order: number } | undefined;

export interface DigestRunDependencies {
  infoFlash: InfoFlashRepository;
  outbox: Outbox;
  deliveries: OutboxRepository;
  leases: JobLeases;
  clock: Clock;
  log: Logger;
  timeZone: string;
  /** Names this process in the lease (a run adds its own suffix). */
  instanceId: string;
  /** French translator: channel posts speak the network's language. */
  t: Translator;
  sections: () => Promise<SectionLookup>;
  /** Who gets the per-person refresh of channel cards (Teams allows 60). */
  refreshAudience: () => Promise<string[]>;
  /** `messageKey` names the notice, so that a re-run never tells coordinators twice. */
  notifyCoordinators: (text: (t: Translator) => string, messageKey: string) => Promise<void>;
}

export interface DigestRunOptions {
  /** False for the catch-up job: finish what a crashed run left, start nothing new. */
  buildNew: boolean;
  /**
   * False for a turn ("info flash publier"): enqueue and return, the background drainer sends and
   * the catch-up run closes the digest. True for jobs, which may wait for the sends.
   */
  drain: boolean;
  /** Wait for retries (429 Retry-After, backoff) within `maxWaitMs`, or leave them to later drains. */
  waitForRetries: boolean;
  maxWaitMs: number;
  /** How long a run that died blocks the next ones (the lease is renewed while the run lives). */
  leaseTtlMs?: number;
}

export interface DigestProgress {
  digestId: string;
  number: number;
  channels: number;
  sent: number;
  failed: number;
  pending: number;
  /** Every delivery done: the digest is `sent` and its failures reported. */
  finished: boolean;
}

export type DigestRunOutcome =
  | { kind: 'busy' }
  | {
      kind: 'ran';
      /** The digest this run built, if any. */
      built?: DigestProgress;
      /** Why nothing was built, when asked to build. */
      nothingBecause?: 'noItems' | 'noChannels';
      resumed: DigestProgress[];
    };

export const digestBatchKey = (digestId: string) => `digest:${digestId}`;

/**
 * The Info Flash job body, also run by "info flash publier" and, every minute, to finish what a
 * crashed run left. Under the `info-flash.digest` lease (one instance at a time), it carries
 * unfinished digests on from their stored state, builds a new digest from the approved items
 * (once: the item set is fixed before anything is rendered), enqueues one delivery per
 * subscribed channel, drains the outbox, and closes digests whose deliveries are all done.
 */
export async function runInfoFlashDigest(
  dependencies: DigestRunDependencies,
  options: DigestRunOptions,
): Promise<DigestRunOutcome> {
  const { infoFlash, leases, clock } = dependencies;
  if (!options.buildNew && !(await infoFlash.hasUnfinishedDigest())) return { kind: 'ran', resumed: [] };
  const lease = await withJobLease(
    leases,
    {
      name: digestJobName,
      holder: `${dependencies.instanceId}:${randomUUID()}`,
      ttlMs: options.leaseTtlMs ?? digestLeaseMs,
      now: clock.now(),
    },
    () => runUnderLease(dependencies, options),
  );
  return lease.ran ? lease.result : { kind: 'busy' };
}

async function runUnderLease(
  dependencies: DigestRunDependencies,
  options: DigestRunOptions,
): Promise<DigestRunOutcome> {
  const { infoFlash, outbox, log } = dependencies;
  const touched: DigestRecord[] = [];
  for (const digest of await infoFlash.unfinishedDigests()) {
    const advanced = await advance(dependencies, digest);
    if (advanced) touched.push(advanced);
  }
  const resumedIds = new Set(touched.map((digest) => digest.id));
  let nothingBecause: 'noItems' | 'noChannels' | undefined;
  if (options.buildNew) {
    const built = await buildDigest(dependencies);
    if (built.kind === 'built') {
      const advanced = await advance(dependencies, built.digest);
      if (advanced) touched.push(advanced);
    } else {
      nothingBecause = built.kind;
    }
  }
  if (touched.length === 0) return { kind: 'ran', resumed: [], nothingBecause };
  if (options.drain) {
    const report = await outbox.drain({
      waitForRetries: options.waitForRetries,
      maxWaitMs: options.maxWaitMs,
    });
    log.info({ sent: report.sent, failed: report.failed.length }, 'Info Flash deliveries drained');
  }
  const progress = [];
  for (const digest of touched) progress.push(await closeIfDone(dependencies, digest));
  return {
    kind: 'ran',
    built: progress.find((entry) => !resumedIds.has(entry.digestId)),
    resumed: progress.filter((entry) => resumedIds.has(entry.digestId)),
    nothingBecause,
  };
}

/** Fixes the item set of a new digest, or says why there is none. */
async function buildDigest(
  dependencies: DigestRunDependencies,
): Promise<{ kind: 'built'; digest: DigestRecord } | { kind: 'noItems' } | { kind: 'noChannels' }> {
  const { infoFlash, clock, log } = dependencies;
  const cutoff = clock.now();
  if ((await infoFlash.countPublishable(cutoff)) === 0) return { kind: 'noItems' };
  // Without a channel the items would be spent on nobody: they wait for the next run.
  if ((await infoFlash.activeChannels()).length === 0) return { kind: 'noChannels' };
  const [oldest] = await infoFlash.listPublishable();
  const periodFrom = (await infoFlash.lastCutoff()) ?? oldest?.approvedAt ?? cutoff;
  const digest = await infoFlash.openDigest(periodFrom, cutoff);
  log.info({ digestId: digest.id, number: digest.number }, 'Info Flash digest opened');
  return { kind: 'built', digest };
}

/** Carries a digest on from its stored state up to `sending`; undefined if it had no item after all. */
async function advance(
  dependencies: DigestRunDependencies,
  digest: DigestRecord,
): Promise<DigestRecord | undefined> {
  const { infoFlash, outbox, log } = dependencies;
  let current = digest;
  if (current.state === 'building') {
    // Idempotent: the cutoff was stored first, so a second pass after a crash adds nothing new.
    await infoFlash.assignItems(current.id, current.itemsFixedAt);
    const items = await infoFlash.itemsOf(current.id);
    if (items.length === 0) {
      await infoFlash.dropEmptyDigest(current.id);
      return undefined;
    }
    const snapshot = snapshotItems(items, await dependencies.sections());
    const parts = buildChannelParts(
      {
        digestId: current.id,
        number: current.number,
        periodFrom: current.periodFrom,
        periodTo: current.itemsFixedAt,
        items: snapshot,
      },
      await dependencies.refreshAudience(),
      { t: dependencies.t, timeZone: dependencies.timeZone },
    );
    if (!parts) throw new Error(`Info Flash digest ${current.number} does not fit the card budget`);
    await infoFlash.storeRendered(current.id, snapshot, parts);
    current = { ...current, state: 'ready', items: snapshot, parts };
    log.info({ digestId: current.id, items: items.length, parts: parts.length }, 'Info Flash digest ready');
  }
  if (current.state === 'ready') {
    const channels = await infoFlash.activeChannels();
    await outbox.enqueue(channels.map((channel) => postDelivery(current, channel)));
    await infoFlash.moveDigest(current.id, 'sending', dependencies.clock.now());
    current = { ...current, state: 'sending' };
  }
  return current;
}

export function postDelivery(digest: DigestRecord, channel: ChannelSubscription): NewDelivery {
  return {
    batchKey: digestBatchKey(digest.id),
    messageKey: digestBatchKey(digest.id),
    conversationId: channel.conversationId,
    reference: channel.reference,
    operation: 'post',
    messages: digest.parts.map((part) => ({ card: part.card })),
  };
}

/** The items as the digest shows them, grouped by the group they concern. */
export function snapshotItems(
  items: ReadonlyArray<ItemContent & { id: string }>,
  sectionOf: SectionLookup,
): DigestItem[] {
  return items.map((item) => {
    const section = item.groupSlug ? sectionOf(item.groupSlug) : undefined;
    return {
      itemId: item.id,
      title: item.title,
      text: item.text,
      ...(item.link ? { link: item.link } : {}),
      ...(item.groupSlug ? { groupSlug: item.groupSlug } : {}),
      ...(section ? { sectionTitle: section.title } : {}),
      // Whole-network news first.
      sectionOrder: section ? section.order + 1 : 0,
    };
  });
}

/** Counts the digest's deliveries; when none is left to try, closes it and reports failures once. */
async function closeIfDone(
  dependencies: DigestRunDependencies,
  digest: DigestRecord,
): Promise<DigestProgress> {
  const { infoFlash, deliveries, clock, log } = dependencies;
  const posts = (await deliveries.deliveriesOf(digestBatchKey(digest.id))).filter(
    (delivery) => delivery.operation === 'post',
  );
  const failed = posts.filter((delivery) => delivery.state === 'failed');
  const progress: DigestProgress = {
    digestId: digest.id,
    number: digest.number,
    channels: posts.length,
    sent: posts.filter((delivery) => delivery.state === 'sent').length,
    failed: failed.length,
    pending: posts.filter((delivery) => delivery.state === 'pending' || delivery.state === 'sending').length,
    finished: false,
  };
  if (progress.pending > 0) return progress;
  // Only the run that moves the digest to `sent` reports, so coordinators hear it once.
  if (!(await infoFlash.moveDigest(digest.id, 'sent', clock.now()))) return { ...progress, finished: true };
  const now = clock.now();
  for (const delivery of failed) {
    // The bot was removed from the team (403) or the channel is gone (404): stop posting there.
    if (delivery.lastStatus === 403 || delivery.lastStatus === 404) {
      await infoFlash.deactivate(
        delivery.conversationId,
        delivery.lastStatus === 403 ? 'forbidden' : 'notFound',
        now,
      );
    }
  }
  if (failed.length > 0) {
    const channels = await infoFlash.findChannels(failed.map((delivery) => delivery.conversationId));
    const names = failed.map((delivery) => {
      const channel = channels.find((candidate) => candidate.conversationId === delivery.conversationId);
      return channel?.name ?? delivery.conversationId;
    });
    log.warn(
      { digestId: digest.id, failed: failed.length },
      'Info Flash digest could not reach some channels',
    );
    await dependencies.notifyCoordinators(
      (t) =>
        t('infoFlash.report.failures', {
          number: digest.number,
          count: failed.length,
          channels: names.join(', '),
        }),
      `${digestBatchKey(digest.id)}:failures`,
    );
  }
  log.info({ ...progress }, 'Info Flash digest sent');
  return { ...progress, finished: true };
}
