import type { Clock } from '../../clock';
import type { Config } from '../../config';
import type { JobDefinition } from '../../scheduling/job-scheduler';
import { roundJobName, runRound, sendFollowUps, type MeetupsDependencies } from './service';

/** Follow-ups go out on the morning after they fall due (a week after their round). */
const followUpSchedule = '0 10 * * *';

export function meetupJobs(deps: MeetupsDependencies, config: Config, clock: Clock): JobDefinition[] {
  return [
    {
      name: roundJobName,
      schedule: config.schedules.meetups,
      timezone: config.timezone,
      run: async () => {
        const outcome = await runRound(deps, { kind: 'schedule' }, clock.now());
        deps.log.info({ outcome: outcome.kind }, 'scheduled meetups round');
      },
    },
    {
      name: 'meetups.follow-up',
      schedule: followUpSchedule,
      timezone: config.timezone,
      run: async () => {
        await sendFollowUps(deps, clock.now());
      },
    },
  ];
}
