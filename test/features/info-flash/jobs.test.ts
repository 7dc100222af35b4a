import { loadConfig } from '../../../src/config';
import { catchUpJobName, infoFlashJobs } from '../../../src/features/info-flash/jobs';
import { digestJobName } from '../../../src/features/info-flash/digest-run';
import { sliceFixture, type SliceFixture } from './slice-support';

describe('Info Flash jobs', () => {
  let slice: SliceFixture;
  const config = loadConfig({ NODE_ENV: 'test', INFO_FLASH_CRON: '0 8 * * 1', IX_TIMEZONE: 'Europe/Paris' });

  beforeAll(async () => {
    slice = await sliceFixture();
    await slice.deps.infoFlash.createItem(
      { title: 'Pour lundi', text: 'Texte' },
      { id: 'author', name: 'Auteur' },
      'approved',
      slice.clock.now(),
    );
    await slice.deps.infoFlash.subscribe({
      conversationId: '19:general@thread.tacv2',
      reference: { channelId: 'msteams', conversation: { id: '19:general@thread.tacv2' } },
      subscribedBy: 'nadia',
      subscribedAt: slice.clock.now(),
    });
  });
  afterAll(async () => slice.close());

  const jobNamed = (name: string) => infoFlashJobs(slice.deps, config).find((job) => job.name === name)!;

  it('runs the weekly digest on the configured schedule, and the catch-up every minute, in the network time zone', () => {
    expect(
      infoFlashJobs(slice.deps, config).map(({ name, schedule, timezone }) => ({ name, schedule, timezone })),
    ).toEqual([
      { name: digestJobName, schedule: '0 8 * * 1', timezone: 'Europe/Paris' },
      { name: catchUpJobName, schedule: '* * * * *', timezone: 'Europe/Paris' },
    ]);
  });

  it('starts no new digest from the catch-up job: approved items wait for the weekly run', async () => {
    await jobNamed(catchUpJobName).run();
    expect(await slice.deps.infoFlash.listPublishable()).toHaveLength(1);
    expect(await slice.deps.infoFlash.listPublished(5)).toEqual([]);
  });
});
