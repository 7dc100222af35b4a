import type { Config } from '../../config';
import type { JobDefinition } from '../../scheduling/job-scheduler';
import { reminderJobName, sendOverdueReminders } from './reminders';
import type { OnboardingDependencies } from './service';

/** The daily reminders of overdue steps (and the catch-up of the referents' profile notices). */
export function overdueRemindersJob(deps: OnboardingDependencies, config: Config): JobDefinition {
  return {
    name: reminderJobName,
    schedule: config.schedules.onboardingReminders,
    timezone: deps.timeZone,
    run: async () => {
      await sendOverdueReminders({ ...deps, log: deps.log.child({ job: reminderJobName }) });
    },
  };
}

export const onboardingJobs = (deps: OnboardingDependencies, config: Config): JobDefinition[] => [
  overdueRemindersJob(deps, config),
];
