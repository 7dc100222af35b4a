import { createMembersRepository } from '../../../src/people/members-repository';
import { persona } from '../../support/personas';
import { startTestBot, textsOf, type TestBot } from '../../support/test-bot';
import { signingKeys, ssoToken, tabEnv, tenantId } from '../../tab/sso-tokens';
import { movableClock } from '../polls/poll-support';
import { eventDriver } from './event-support';

describe('events in the Mon iX tab', () => {
  let bot: TestBot;
  let driver: ReturnType<typeof eventDriver>;
  const clock = movableClock(new Date('2026-11-27T09:00:00Z'));

  beforeAll(async () => {
    bot = await startTestBot({ env: tabEnv, tabSigningKeys: signingKeys, clock });
    await bot.app.jobs.stop();
    // The same people use the chat and the tab: their chat comes from the tab's (allowed) tenant.
    driver = eventDriver(bot, { tenantId });
    for (const name of ['camille', 'thomas', 'nadia'] as const) await driver.say('aide', name);
  });
  afterAll(async () => bot.stop());

  const get = async (path: string, name: 'camille' | 'nadia') => {
    const who = persona(name);
    const response = await fetch(`${bot.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${ssoToken({ oid: who.aadObjectId, name: who.name })}` },
    });
    return (await response.json()) as Record<string, unknown>;
  };

  it('shows the agenda with my registration, and attendance on the coordinators’ dashboard', async () => {
    const eventId = await driver.createEvent('nadia', {
      title: 'Temps partagé : le jardin des plantes',
      startDate: '2026-11-28',
      startTime: '12:00',
      endTime: '13:00',
      capacity: '10',
    });
    await driver.invoke('event.answer', { eventId, answer: 'going' }, 'camille');
    await driver.invoke('event.answer', { eventId, answer: 'going' }, 'thomas');

    const agenda = await get('/api/tab/views/agenda', 'camille');
    expect(agenda.available).toBe(true);
    const texts = textsOf(agenda.cards).join(' ');
    expect(texts).toContain('Temps partagé : le jardin des plantes');
    expect(texts).toContain('votre place est réservée');

    clock.advance(2 * 24 * 60 * 60 * 1000);
    const members = await createMembersRepository(bot.database.connection);
    const camille = (await members.findByIdentity({ teamsUserId: 'ix-user-camille' }))!;
    await driver.invoke('event.attendance', { eventId, present: camille.id }, 'nadia');

    const dashboard = await get('/api/tab/dashboard', 'nadia');
    expect(dashboard.events).toEqual(
      expect.objectContaining({ held: 1, registrations: 2, attended: 1, noShows: 1, attendanceRate: 50 }),
    );
    const byOrganisation = (dashboard.events as { byOrganisation: Array<{ label: string }> }).byOrganisation;
    expect(byOrganisation.map((row) => row.label).sort()).toEqual(['Orléans Métropole', 'Ville d’Orléans']);
  });
});
