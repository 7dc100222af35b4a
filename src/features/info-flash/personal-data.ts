import type { PersonalDataSource } from '../../privacy/personal-data';
import type { InfoFlashRepository } from './repository';

/**
 * Items a person wrote and the digests they marked as read. Erasure deletes items nobody approved,
 * keeps approved and published ones (they are the network's news) without the author, and unlinks
 * reads from the person: a digest's "Lu par N" must not drop when a reader leaves.
 */
export function infoFlashPersonalData(infoFlash: InfoFlashRepository): PersonalDataSource {
  return {
    name: 'infoFlash',
    titleKey: 'infoFlash.privacySection',
    async export(memberId) {
      const [items, reads] = await Promise.all([
        infoFlash.itemsAuthoredBy(memberId),
        infoFlash.readsOf(memberId),
      ]);
      return {
        items: items.map((item) => ({
          title: item.title,
          text: item.text,
          link: item.link,
          status: item.status,
          createdAt: item.createdAt.toISOString(),
          rejectionReason: item.rejectionReason,
        })),
        reads: reads.map((read) => ({ digestId: read.digestId, readAt: read.readAt.toISOString() })),
      };
    },
    async erase(memberId, person) {
      const { deleted, anonymised } = await infoFlash.eraseAuthor(memberId);
      const reads = await infoFlash.anonymiseReads(memberId);
      const traces = await infoFlash.eraseTraces(memberId, person?.teamsUserId);
      const erased = deleted + anonymised + reads + traces;
      return anonymised + reads > 0 ? { erased, keptReasonKey: 'infoFlash.privacyKept' } : { erased };
    },
  };
}
