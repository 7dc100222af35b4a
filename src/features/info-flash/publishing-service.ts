import type { Actor } from '../../people';
import type { DigestContent } from './digest-cards';
import type { InfoFlashDependencies } from './dependencies';
import { runInfoFlashDigest, snapshotItems, type DigestProgress, type DigestRunOptions } from './digest-run';
import { withdrawDigest, type WithdrawalOutcome } from './published-digest';
import type { DigestRecord } from './repository';
import { requireDigest } from './reading-service';

/** How many digests the reads report covers. */
const readsLength = 20;

/** "Publier" answers as soon as the deliveries are queued: the background drainer sends them. */
const publishNowRun: DigestRunOptions = {
  buildNew: true,
  drain: false,
  waitForRetries: false,
  maxWaitMs: 0,
};

export type PreviewOutcome =
  { kind: 'empty' } | { kind: 'preview'; content: DigestContent; channels: number };

/** The digest the next run would build from the items approved so far, and how many channels get it. */
export async function previewDigest(deps: InfoFlashDependencies, now: Date): Promise<PreviewOutcome> {
  const { infoFlash } = deps;
  const items = await infoFlash.listPublishable();
  if (items.length === 0) return { kind: 'empty' };
  const [last] = await infoFlash.listPublished(1);
  const content: DigestContent = {
    digestId: '000000000000000000000000',
    number: (last?.number ?? 0) + 1,
    periodFrom: (await infoFlash.lastCutoff()) ?? items[0].approvedAt ?? now,
    periodTo: now,
    items: snapshotItems(items, await deps.sections()),
  };
  return { kind: 'preview', content, channels: (await infoFlash.activeChannels()).length };
}

export type PublishOutcome =
  | { kind: 'busy' }
  | { kind: 'nothing'; because: 'noItems' | 'noChannels' }
  /** The digest built now, or else the last one this run carried on. */
  | { kind: 'published'; progress: DigestProgress };

/** Publishes now what the weekly run would, under the same lease. */
export async function publishNow(deps: InfoFlashDependencies): Promise<PublishOutcome> {
  const outcome = await runInfoFlashDigest(deps, publishNowRun);
  if (outcome.kind === 'busy') return outcome;
  const progress = outcome.built ?? outcome.resumed.at(-1);
  if (progress) return { kind: 'published', progress };
  return { kind: 'nothing', because: outcome.nothingBecause === 'noChannels' ? 'noChannels' : 'noItems' };
}

/** Withdraws a digest for a coordinator: its posts are deleted in every channel. */
export async function withdrawPublished(
  deps: InfoFlashDependencies,
  actor: Actor,
  digestId: string,
  now: Date,
): Promise<{ digest: DigestRecord; outcome: WithdrawalOutcome }> {
  const digest = await requireDigest(deps, digestId);
  const outcome = await withdrawDigest(deps, digest, now);
  if (outcome.kind === 'withdrawn') {
    deps.log.info(
      { digestId: digest.id, by: actor.member.id, channels: outcome.channels },
      'Info Flash digest withdrawn',
    );
  }
  return { digest, outcome };
}

/** Where a digest was read: a subscribed channel (by its name), or someone's 1:1 chat. */
export type ReadingPlace = { kind: 'channel'; name: string } | { kind: 'personal' };

export interface DigestReads {
  digest: DigestRecord;
  total: number;
  places: Array<{ place: ReadingPlace; count: number }>;
}

function placeOf(conversationId: string, channelName: (id: string) => string | undefined): ReadingPlace {
  const name = channelName(conversationId);
  if (name !== undefined) return { kind: 'channel', name };
  // A channel unsubscribed since: still a channel, named by its id.
  return conversationId.startsWith('19:')
    ? { kind: 'channel', name: conversationId.slice(0, 24) }
    : { kind: 'personal' };
}

/** The reads of each digest, per place; places with the same name are counted together. */
export async function readsReport(
  deps: InfoFlashDependencies,
  digests: DigestRecord[],
): Promise<DigestReads[]> {
  const counts = await deps.infoFlash.readCounts(digests.map((digest) => digest.id));
  const channels = await deps.infoFlash.findChannels([
    ...new Set(counts.map((count) => count.conversationId)),
  ]);
  const channelName = (conversationId: string) => {
    const channel = channels.find((candidate) => candidate.conversationId === conversationId);
    return channel && (channel.name ?? conversationId.slice(0, 24));
  };
  return digests.map((digest) => {
    const rows = counts.filter((count) => count.digestId === digest.id);
    const byPlace = new Map<string, { place: ReadingPlace; count: number }>();
    for (const row of rows) {
      const place = placeOf(row.conversationId, channelName);
      const key = place.kind === 'channel' ? `channel:${place.name}` : 'personal';
      const entry = byPlace.get(key) ?? { place, count: 0 };
      byPlace.set(key, { place, count: entry.count + row.count });
    }
    return {
      digest,
      total: rows.reduce((total, row) => total + row.count, 0),
      places: [...byPlace.values()],
    };
  });
}

/** The last digests, for the reads report of the `reads` command. */
export async function recentReads(deps: InfoFlashDependencies): Promise<DigestReads[]> {
  return readsReport(deps, await deps.infoFlash.listPublished(readsLength));
}

/** The reads of one digest, from the button on its archive line. */
export async function digestReads(deps: InfoFlashDependencies, digestId: string): Promise<DigestReads[]> {
  return readsReport(deps, [await requireDigest(deps, digestId)]);
}
