import { AppError } from '../../errors';
import type { ConversationInfo } from '../../bot/turn';
import { refreshAudience } from '../../people';
import { channelConversationId } from './channel-reference';
import type { ReaderView } from './digest-cards';
import type { InfoFlashDependencies } from './dependencies';
import type { DigestRecord } from './repository';

/** How many digests the archives list. */
const archivesLength = 20;

/** Who reads, and where: a card in a channel or group chat is shared, so it refreshes per person. */
export interface Reader {
  memberId: string;
  userId: string;
  conversation: Pick<ConversationInfo, 'id' | 'kind'>;
}

export async function requireDigest(deps: InfoFlashDependencies, digestId: string): Promise<DigestRecord> {
  const digest = await deps.infoFlash.findDigest(digestId);
  if (!digest) throw new AppError('NOT_FOUND', { what: { messageKey: 'infoFlash.form.unknownItem' } });
  return digest;
}

export function latestDigest(deps: InfoFlashDependencies): Promise<DigestRecord | undefined> {
  return deps.infoFlash.latestPublished();
}

export function archivedDigests(deps: InfoFlashDependencies): Promise<DigestRecord[]> {
  return deps.infoFlash.listPublished(archivesLength);
}

/** What this reader's cards show: the current count, whether they read it, who else refreshes. */
export async function readerViewOf(
  deps: InfoFlashDependencies,
  digest: DigestRecord,
  reader: Reader,
): Promise<ReaderView> {
  const shared = reader.conversation.kind !== 'personal';
  return {
    readCount: await deps.infoFlash.countReads(digest.id),
    hasRead: await deps.infoFlash.hasRead(digest.id, reader.memberId),
    shared,
    refreshUserIds: shared
      ? refreshAudience(await deps.people.peopleIn({ kind: 'network' }), reader.userId)
      : [],
    canAcknowledge: digest.state !== 'withdrawn',
  };
}

export type OpenOutcome =
  { kind: 'withdrawn'; digest: DigestRecord } | { kind: 'open'; digest: DigestRecord };

/**
 * Only what went out can be opened: a withdrawn digest stays withdrawn, and one still being built
 * is the coordinators' preview, not something a card id should reveal.
 */
export async function openDigest(deps: InfoFlashDependencies, digestId: string): Promise<OpenOutcome> {
  const digest = await requireDigest(deps, digestId);
  if (digest.state === 'withdrawn') return { kind: 'withdrawn', digest };
  if (digest.state !== 'sending' && digest.state !== 'sent') {
    throw new AppError('NOT_FOUND', { what: { messageKey: 'infoFlash.digest.unknown' } });
  }
  return { kind: 'open', digest };
}

export type CardAnswer =
  { kind: 'withdrawn'; digest: DigestRecord } | { kind: 'shown'; digest: DigestRecord; view: ReaderView };

/**
 * "J'ai lu" (`acknowledge`) and Teams' automatic refresh: a read is counted once per person, in
 * the channel the card sits in (not the thread), and the reader gets their own view back.
 */
export async function answerDigestCard(
  deps: InfoFlashDependencies,
  digestId: string,
  reader: Reader,
  options: { acknowledge: boolean; now: Date },
): Promise<CardAnswer> {
  const digest = await requireDigest(deps, digestId);
  if (digest.state === 'withdrawn') return { kind: 'withdrawn', digest };
  if (options.acknowledge) {
    const place = channelConversationId(reader.conversation.id);
    const first = await deps.infoFlash.recordRead(digest.id, reader.memberId, place, options.now);
    if (first) deps.log.info({ digestId: digest.id }, 'Info Flash read');
  }
  return { kind: 'shown', digest, view: await readerViewOf(deps, digest, reader) };
}
