import type { Config } from '../../config';
import type { JobDefinition } from '../../scheduling/job-scheduler';
import type { InfoFlashDependencies } from './dependencies';
import { digestJobName, runInfoFlashDigest, scheduledRunWaitMs, type DigestRunOptions } from './digest-run';

export const catchUpJobName = 'info-flash.catch-up';

const scheduledRun: DigestRunOptions = {
  buildNew: true,
  drain: true,
  waitForRetries: true,
  maxWaitMs: scheduledRunWaitMs,
};

const catchUpRun: DigestRunOptions = {
  buildNew: false,
  drain: true,
  waitForRetries: false,
  maxWaitMs: 0,
};

/** The weekly digest (INFO_FLASH_CRON), built, posted and closed under one lease. */
export function weeklyDigestJob(deps: InfoFlashDependencies, config: Config): JobDefinition {
  return {
    name: digestJobName,
    schedule: config.schedules.infoFlashDigest,
    timezone: config.timezone,
    run: async () => {
      await runInfoFlashDigest(deps, scheduledRun);
    },
  };
}

/** A run killed mid-way (crash, deployment) is finished within two minutes: its lease lapses in one. */
export function digestCatchUpJob(deps: InfoFlashDependencies, config: Config): JobDefinition {
  return {
    name: catchUpJobName,
    schedule: '* * * * *',
    timezone: config.timezone,
    run: async () => {
      await runInfoFlashDigest(deps, catchUpRun);
    },
  };
}

export function infoFlashJobs(deps: InfoFlashDependencies, config: Config): JobDefinition[] {
  return [weeklyDigestJob(deps, config), digestCatchUpJob(deps, config)];
}
