import { closingJobName, pollJobs } from '../../../src/features/polls/jobs';
import { sentPoll, startPollWorld, type PollWorld } from './service-support';

describe('polls jobs', () => {
  let world: PollWorld;
  const config = { schedules: { pollClosing: '* * * * *' }, timezone: 'Europe/Paris' };

  beforeAll(async () => {
    world = await startPollWorld();
  });
  afterAll(async () => world.database.close());

  it('closes, at the time of its clock, the polls whose deadline has passed', async () => {
    const due = await sentPoll(world, { question: 'Échu ?', deadline: new Date(world.now.getTime() - 1) });
    const running = await sentPoll(world, { question: 'En cours ?' });
    const [job] = pollJobs(world.deps, config);

    await job.run();

    expect(job).toMatchObject({ name: closingJobName, schedule: '* * * * *', timezone: 'Europe/Paris' });
    expect(await world.deps.polls.findPoll(due.id)).toMatchObject({ status: 'closed', closedAt: world.now });
    expect((await world.deps.polls.findPoll(running.id))?.status).toBe('open');
    expect(world.published).toEqual([
      { name: 'poll:closed', data: { pollId: due.id, groupSlug: 'rh', closedBy: 'deadline', at: world.now } },
    ]);
  });
});
