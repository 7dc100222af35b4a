import type { PersonalDataSource } from '../../privacy/personal-data';
import type { OnboardingRepository } from './repository';

/** Privacy: ticks, reminders, welcome and greetings, referent notices and the pause choice. */
export function onboardingPersonalData(onboarding: OnboardingRepository): PersonalDataSource {
  return {
    name: 'onboarding',
    titleKey: 'onboarding.privacySection',
    export: async (memberId) => onboarding.exportMember(memberId),
    erase: async (memberId) => ({ erased: await onboarding.eraseMember(memberId) }),
  };
}
