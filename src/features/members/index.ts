import type { Feature } from '../../bot/feature';
import { seedOnce } from '../../db/seed-once';
import { createPersonDirectory, type MemberRecord } from '../../people';
import {
  addOrganisationAction,
  cancelDeleteAction,
  deleteMyDataAction,
  grantRoleAction,
  revokeRoleAction,
  saveProfileAction,
  showPersonRolesAction,
} from './card-actions';
import { membersCommands } from './commands';
import { rosterSyncJob } from './jobs';
import { membersPersonalData } from './personal-data';
import { createRosterRepository } from './roster-repository';
import { demoOrganisations, demoPeople } from './seed-data';
import type { MembersSlice } from './slice';
import { recordAddedPeople, recordWhoWeMeet, rosterEvents } from './team-events';

/** Who the network's people are: sightings, rosters, profiles, roles, organisations, their data. */
export const membersFeature: Feature = {
  name: 'members',

  async register({ router, people, database, config, clock, jobs, messenger, outbox, personalData, log }) {
    const { members, groups, loadActor, configuredCoordinators } = people;
    const roster = await createRosterRepository(database.connection);
    const publish = router.publish.bind(router);
    const slice: MembersSlice = {
      deps: { members, groups, publish, configuredCoordinators, log },
      roster: { members, roster, messenger, clock, log },
      loadActor,
      clock,
      personalData,
    };
    // The outbox learns from here how to find a person and open their 1:1 chat.
    outbox.usePeople(createPersonDirectory(members));
    router.use(recordWhoWeMeet(slice));
    for (const { name, handler } of [recordAddedPeople(slice), ...rosterEvents(slice)])
      router.event(name, handler);
    for (const command of membersCommands(slice)) router.command(command);
    router.cardAction(saveProfileAction(slice));
    router.cardAction(addOrganisationAction(slice));
    router.cardAction(showPersonRolesAction(slice));
    router.cardAction(grantRoleAction(slice));
    router.cardAction(revokeRoleAction(slice));
    router.cardAction(deleteMyDataAction(slice));
    router.cardAction(cancelDeleteAction());
    jobs.add(rosterSyncJob(slice.roster, config));
    // Privacy: the person's right of access and right to erasure (GDPR art. 15 and 17).
    for (const source of membersPersonalData(members, roster)) personalData.add(source);
  },

  async seed({ database, people, clock }) {
    const { members } = people;
    await seedOnce(database.connection, 'members', async () => {
      const now = clock.now();
      // People side by side (each write waits for its round trip): the first start is ready sooner.
      await Promise.all(demoOrganisations.map((organisation) => members.addOrganisation(organisation, now)));
      await Promise.all(
        demoPeople.map(async (person) => {
          const member = await members.seedMember({ ...person, now });
          for (const role of person.roles) await members.grantRole({ memberId: member.id, ...role, now });
        }),
      );
    });
  },
};

/** The demo people, for the other slices' seeds (groups they belong to…). */
export { demoPeople } from './seed-data';

declare module '../../bot/router' {
  interface DomainEvents {
    /** A save made the person's profile complete (organisation, direction, site, trade, start date). */
    'member:profileCompleted': { member: MemberRecord; at: Date };
  }
}
