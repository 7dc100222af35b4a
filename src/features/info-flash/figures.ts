import type { Outbox } from '../../delivery/outbox';
import type { FeatureFigures } from '../../tab/dashboard-figures';
import { digestBatchKey } from './digest-run';
import type { InfoFlashRepository } from './repository';

/** How the digests' deliveries fare, and how many channels the digest is posted to. */
export async function infoFlashFigures(
  outbox: Pick<Outbox, 'countByState'>,
  infoFlash: Pick<InfoFlashRepository, 'activeChannels'>,
): Promise<FeatureFigures['infoFlash']> {
  const [deliveries, channels] = await Promise.all([
    // Every digest's batch key starts like this: all digests, posts and corrections together.
    outbox.countByState(digestBatchKey('')),
    infoFlash.activeChannels(),
  ]);
  return {
    sent: deliveries.sent,
    failed: deliveries.failed,
    waiting: deliveries.pending + deliveries.sending,
    channels: channels.length,
  };
}
