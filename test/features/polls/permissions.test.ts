import { pollPermissions } from '../../../src/features/polls/permissions';
import { can, type Actor } from '../../../src/people';
import { startPollWorld, type PollWorld } from './service-support';

describe('poll permissions', () => {
  let world: PollWorld;
  let member: Actor;

  beforeAll(async () => {
    world = await startPollWorld();
    member = await world.actorOf(world.members[1]);
  });
  afterAll(async () => world.database.close());

  it('lets a lead poll their own group only, and coordinators every group', () => {
    expect(can(world.lead, pollPermissions.pollGroup, 'rh')).toBe(true);
    expect(can(world.lead, pollPermissions.pollGroup, 'finances')).toBe(false);
    expect(can(world.coordinator, pollPermissions.pollGroup, 'finances')).toBe(true);
    expect(can(member, pollPermissions.pollGroup, 'rh')).toBe(false);
  });

  it('keeps network polls and the export of results for coordinators', () => {
    for (const permission of [pollPermissions.pollNetwork, pollPermissions.exportPollResults]) {
      expect([world.coordinator, world.lead, member].map((actor) => can(actor, permission))).toEqual([
        true,
        false,
        false,
      ]);
    }
  });

  it('names each permission after the slice, so the shared table can hold them all', () => {
    expect(Object.values(pollPermissions).map((permission) => permission.name)).toEqual([
      'polls.pollGroup',
      'polls.pollNetwork',
      'polls.exportPollResults',
    ]);
  });
});
