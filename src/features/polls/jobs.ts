import type { Config } from '../../config';
import type { JobDefinition } from '../../scheduling/job-scheduler';
import { closeDuePolls } from './closing-service';
import type { PollDependencies } from './service';

export const closingJobName = 'polls.close';

/**
 * Polls close at their deadline: the job runs every minute (config.schedules.pollClosing) in
 * every bot instance; closing is atomic per poll, so two instances never close one twice.
 */
export function pollJobs(
  deps: PollDependencies,
  config: { schedules: Pick<Config['schedules'], 'pollClosing'>; timezone: string },
): JobDefinition[] {
  return [
    {
      name: closingJobName,
      schedule: config.schedules.pollClosing,
      timezone: config.timezone,
      run: async () => {
        await closeDuePolls(deps, deps.clock.now());
      },
    },
  ];
}
