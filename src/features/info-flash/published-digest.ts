import type { Outbox } from '../../delivery/outbox';
import type { OutboxRepository } from '../../delivery/repository';
import type { Translator } from '../../i18n/translator';
import { buildChannelParts } from './digest-cards';
import { digestBatchKey, snapshotItems, type SectionLookup } from './digest-run';
import type { DigestRecord, InfoFlashRepository, ItemContent } from './repository';

export interface PublishedDigestDependencies {
  infoFlash: InfoFlashRepository;
  outbox: Outbox;
  deliveries: OutboxRepository;
  t: Translator;
  timeZone: string;
  sections: () => Promise<SectionLookup>;
  refreshAudience: () => Promise<string[]>;
}

export type CorrectionOutcome =
  | { kind: 'corrected'; channels: number; revision: number }
  /** The digest is not out (still building) or withdrawn: nothing posted to update. */
  | { kind: 'notPosted' }
  | { kind: 'tooLarge' };

/** The channels a digest was posted to (or is being posted to), from its post deliveries. */
async function postsOf(dependencies: PublishedDigestDependencies, digest: DigestRecord) {
  return (await dependencies.deliveries.deliveriesOf(digestBatchKey(digest.id))).filter(
    (delivery) => delivery.operation === 'post',
  );
}

/**
 * Corrects an item inside a digest: re-renders the digest's parts (same items per part, so each
 * posted card is updated in place), stores them as a new revision, and enqueues one update per
 * channel (`digest:<id>:rev:<n>`), paced, retried and crash-safe like the posts.
 */
export async function correctDigestItem(
  dependencies: PublishedDigestDependencies,
  digestId: string,
  itemId: string,
  content: ItemContent,
): Promise<CorrectionOutcome> {
  const { infoFlash, outbox } = dependencies;
  const sectionOf = await dependencies.sections();
  for (;;) {
    const digest = await infoFlash.findDigest(digestId);
    if (!digest || !['ready', 'sending', 'sent'].includes(digest.state)) return { kind: 'notPosted' };
    const [corrected] = snapshotItems([{ ...content, id: itemId }], sectionOf);
    const items = digest.items.map((item) => (item.itemId === itemId ? corrected : item));
    const parts = buildChannelParts(
      {
        digestId,
        number: digest.number,
        periodFrom: digest.periodFrom,
        periodTo: digest.itemsFixedAt,
        items,
      },
      await dependencies.refreshAudience(),
      { t: dependencies.t, timeZone: dependencies.timeZone },
      digest.parts.map((part) => part.itemIds),
    );
    if (!parts) return { kind: 'tooLarge' };
    // Someone corrected the digest meanwhile: start again from their version.
    if (!(await infoFlash.reviseDigest(digestId, digest.revision, items, parts))) continue;
    const revision = digest.revision + 1;
    // Not enqueued yet: the posts will carry the corrected parts.
    if (digest.state === 'ready') return { kind: 'corrected', channels: 0, revision };
    const key = `${digestBatchKey(digestId)}:rev:${revision}`;
    const posts = await postsOf(dependencies, digest);
    await outbox.enqueue(
      posts.map((post) => ({
        batchKey: key,
        messageKey: key,
        conversationId: post.conversationId,
        reference: post.reference,
        operation: 'update' as const,
        targetMessageKey: digestBatchKey(digestId),
        messages: parts.map((part) => ({ card: part.card })),
      })),
    );
    return { kind: 'corrected', channels: posts.length, revision };
  }
}

export type WithdrawalOutcome =
  { kind: 'withdrawn'; channels: number } | { kind: 'alreadyWithdrawn' } | { kind: 'notPublished' };

/** Withdraws a digest: every post of it is deleted through the outbox (`digest:<id>:withdraw`). */
export async function withdrawDigest(
  dependencies: PublishedDigestDependencies,
  digest: DigestRecord,
  now: Date,
): Promise<WithdrawalOutcome> {
  if (digest.state === 'withdrawn') return { kind: 'alreadyWithdrawn' };
  if (!(await dependencies.infoFlash.moveDigest(digest.id, 'withdrawn', now))) {
    const current = await dependencies.infoFlash.findDigest(digest.id);
    return current?.state === 'withdrawn' ? { kind: 'alreadyWithdrawn' } : { kind: 'notPublished' };
  }
  const key = `${digestBatchKey(digest.id)}:withdraw`;
  const posts = await postsOf(dependencies, digest);
  await dependencies.outbox.enqueue(
    posts.map((post) => ({
      batchKey: key,
      messageKey: key,
      conversationId: post.conversationId,
      reference: post.reference,
      operation: 'delete' as const,
      targetMessageKey: digestBatchKey(digest.id),
      messages: [],
    })),
  );
  return { kind: 'withdrawn', channels: posts.length };
}
