import type { Config } from '../../config';
import type { JobDefinition } from '../../scheduling/job-scheduler';
import { rosterSyncJobName, syncAllRosters, type RosterDependencies } from './roster-service';

/** Every night, every roster is read again: people who joined or left a team without the bot seeing it. */
export function rosterSyncJob(deps: RosterDependencies, config: Config): JobDefinition {
  return {
    name: rosterSyncJobName,
    schedule: config.schedules.rosterSync,
    timezone: config.timezone,
    run: async () => {
      await syncAllRosters({ ...deps, log: deps.log.child({ job: rosterSyncJobName }) });
    },
  };
}
