import { infoFlashFigures } from '../../../src/features/info-flash/figures';

describe('infoFlashFigures', () => {
  it('counts the digests’ deliveries by state, the ones in flight as waiting, and the subscribed channels', async () => {
    const prefixes: string[] = [];
    const outbox = {
      countByState: async (prefix: string) => {
        prefixes.push(prefix);
        return { pending: 2, sending: 1, sent: 40, failed: 3 };
      },
    };
    const infoFlash = { activeChannels: async () => [{}, {}] as never[] };

    expect(await infoFlashFigures(outbox, infoFlash)).toEqual({
      sent: 40,
      failed: 3,
      waiting: 3,
      channels: 2,
    });
    expect(prefixes).toEqual(['digest:']);
  });
});
