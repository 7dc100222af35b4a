import type { Feature } from '../../bot/feature';
import { seedOnce } from '../../db/seed-once';
import { demoPeople } from '../members';
import { joinGroupAction, leaveGroupAction, refreshGroups, showGroupMembers } from './card-actions';
import { listGroupMembers, showGroups } from './commands';
import { groupPermissions } from './permissions';
import { groupsPersonalData } from './personal-data';
import { demoGroups } from './seed-data';
import type { GroupsDependencies } from './service';
import type { GroupsSlice } from './slice';
import { contributeGroupsToTab } from './tab';

/** The network's working groups: who belongs, who leads, joining and leaving. */
export const groupsFeature: Feature = {
  name: 'groups',

  async register({ router, people, config, clock, outbox, personalData, log, tab }) {
    const { members, groups, loadActor, configuredCoordinators } = people;
    const deps: GroupsDependencies = {
      members,
      groups,
      outbox,
      publish: router.publish.bind(router),
      configuredCoordinators,
      log,
    };
    const slice: GroupsSlice = { deps, loadActor, clock, timeZone: config.timezone };
    people.permissions.add(groupPermissions);
    contributeGroupsToTab(tab);
    for (const command of [showGroups(slice), listGroupMembers(slice)]) router.command(command);
    router.cardAction(refreshGroups(slice));
    router.cardAction(joinGroupAction(slice));
    router.cardAction(leaveGroupAction(slice));
    router.cardAction(showGroupMembers(slice));
    personalData.add(groupsPersonalData(groups));
  },

  async seed({ database, people, clock }) {
    const { members, groups } = people;
    await seedOnce(database.connection, 'groups', async () => {
      const now = clock.now();
      // Groups, then people, side by side (each write waits for its round trip): a sooner first start.
      await Promise.all(demoGroups.map((group) => groups.seedGroup({ ...group, createdAt: now })));
      await Promise.all(
        demoPeople.map(async (person) => {
          const member = await members.findByIdentity({ aadObjectId: person.aadObjectId });
          if (!member) return;
          for (const slug of person.groups) await groups.join(slug, member.id, now);
        }),
      );
    });
  },
};

declare module '../../bot/router' {
  interface DomainEvents {
    /** Someone joined a working group. */
    'group:joined': { groupSlug: string; memberId: string; at: Date };
    /** Someone left a working group (their lead role there, if any, is gone too). */
    'group:left': { groupSlug: string; memberId: string; at: Date };
  }
}
