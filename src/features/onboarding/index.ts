import type { Feature } from '../../bot/feature';
import type { MemberRecord } from '../../people';
import { onboardingCardActions } from './card-actions';
import { onboardingCommands } from './commands';
import { onboardingJobs } from './jobs';
import {
  tellReferentsOfCompletedProfile,
  tickJnrStepOnAttendance,
  tickMeetupStepWhenHeld,
  welcomeAddedMembers,
  welcomeTurnUser,
} from './listeners';
import { onboardingPermissions } from './permissions';
import { onboardingPersonalData } from './personal-data';
import { createOnboardingRepository } from './repository';
import { seedPathAndBooklet } from './seed';
import type { OnboardingDependencies } from './service';
import { contributeOnboardingToTab } from './tab';

/** "Bon accueil": the welcome, the newcomer's integration path, the booklet, the HR referents' follow-up. */
export const onboardingFeature: Feature = {
  name: 'onboarding',

  async register({ router, people, database, outbox, jobs, clock, config, personalData, log, tab }) {
    const onboarding = await createOnboardingRepository(database.connection);
    const deps: OnboardingDependencies = {
      onboarding,
      members: people.members,
      groups: people.groups,
      loadActor: people.loadActor,
      outbox,
      publish: (name, data) => router.publish(name, data),
      clock,
      timeZone: config.timezone,
      log,
    };
    await seedPathAndBooklet(database.connection, onboarding, () => clock.now());
    people.permissions.add(onboardingPermissions);
    contributeOnboardingToTab(tab, onboarding, config.timezone);
    router.event('personal:installed', welcomeTurnUser(deps));
    router.event('bot:added', welcomeTurnUser(deps));
    router.event('member:added', welcomeAddedMembers(deps));
    router.on('meetup:held', tickMeetupStepWhenHeld(deps));
    router.on('calendar:attended', tickJnrStepOnAttendance(deps));
    router.on('member:profileCompleted', tellReferentsOfCompletedProfile(deps));
    for (const command of onboardingCommands(deps)) router.command(command);
    for (const action of onboardingCardActions(deps)) router.cardAction(action);
    for (const job of onboardingJobs(deps, config)) jobs.add(job);
    personalData.add(onboardingPersonalData(onboarding));
  },
};

/** What the tab's dashboard reads of the slice (newcomers in progress). */
export { isNewcomer, pathStatus } from './path-progress';
export { createOnboardingRepository, type OnboardingRepository } from './repository';

declare module '../../bot/router' {
  interface DomainEvents {
    /** A newcomer ticked the last step of their integration path (once per person). */
    'onboarding:pathCompleted': { member: MemberRecord; at: Date };
  }
}
