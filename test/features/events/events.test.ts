import ICAL from 'ical.js';
import { createGroupsRepository } from '../../../src/people/groups-repository';
import { createMembersRepository } from '../../../src/people/members-repository';
import { createOnboardingRepository } from '../../../src/features/onboarding/repository';
import { as } from '../../support/personas';
import { startTestBot, cardOf, textsOf, type TestBot } from '../../support/test-bot';
import { actionsOf, cardMessage, inputsOf, movableClock, textMessage } from '../polls/poll-support';
import { calendarPathOf, eventDriver } from './event-support';

const hour = 60 * 60 * 1000;

describe('events', () => {
  let bot: TestBot;
  let driver: ReturnType<typeof eventDriver>;
  const clock = movableClock(new Date('2026-11-27T09:00:00Z'));

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    await bot.app.jobs.stop();
    driver = eventDriver(bot);
    for (const persona of ['camille', 'nadia', 'julien', 'thomas', 'sophie'] as const)
      await driver.say('aide', persona);
    const members = await createMembersRepository(bot.database.connection);
    const camille = (await members.findByIdentity({ teamsUserId: 'ix-user-camille' }))!;
    await members.updateProfile(camille.id, { ...camille.profile, startDate: '2026-10-01' });
  });
  afterAll(async () => {
    await bot.stop();
  });

  async function memberIdOf(teamsUserId: string): Promise<string> {
    const members = await createMembersRepository(bot.database.connection);
    return (await members.findByIdentity({ teamsUserId }))!.id;
  }

  async function fetchCalendar(card: unknown) {
    const path = calendarPathOf(card);
    if (!path) throw new Error('no calendar link on the card');
    const response = await fetch(`${bot.baseUrl}${path}`);
    return { response, text: await response.text() };
  }

  const parsedCalendar = (text: string) => new ICAL.Component(ICAL.parse(text));

  it('lists the coming events of the network with `agenda`, seeded ones included', async () => {
    const [reply] = await driver.say('agenda', 'thomas');

    const texts = textsOf(cardOf(reply)).join(' ');
    expect(texts).toContain('Temps partagé : les coulisses du centre technique municipal');
    expect(texts).toContain('25 places restantes sur 25');
    // A group's workshop is for its members: Thomas is not in "Bon accueil".
    expect(texts).not.toContain('relire le livret');
  });

  it('refuses event creation to a member, and the whole network to a lead', async () => {
    const [refusal] = await driver.say('événement', 'thomas');
    expect(String(refusal.text)).toContain('pilotes');

    const crafted = await driver.preview('julien', { title: 'Pour tout le monde', audience: 'network' });
    expect(crafted.type).toBe(textMessage);
    expect(String(crafted.value)).toContain('coordination');
  });

  it('names every problem of a bad form in French', async () => {
    const body = await driver.preview('nadia', {
      title: '',
      place: '',
      capacity: 'beaucoup',
      startDate: '2026-03-29',
      startTime: '02:30',
    });

    expect(body.type).toBe(textMessage);
    const text = String(body.value);
    expect(text).toContain('donnez un titre');
    expect(text).toContain('indiquez un lieu');
    expect(text).toContain('nombre de places');
    expect(text).toContain("passage à l'heure d'été");
  });

  it('shows a preview that sends nothing, then invites the group when a lead publishes', async () => {
    bot.connector.reset();
    const previewed = await driver.preview('julien', {
      title: 'Atelier accueil',
      audience: 'group:bon-accueil',
    });
    expect(previewed.type).toBe(cardMessage);
    expect(textsOf(previewed.value).join(' ')).toContain("Aperçu de l'invitation");
    // Only the form went out (to Julien): no invitation before "Publier".
    expect(bot.connector.sentActivities()).toHaveLength(1);

    const eventId = actionsOf(previewed.value).find((action) => action.verb === 'event.publish')!.data!
      .eventId;
    bot.connector.reset();
    const published = await driver.invoke('event.publish', { eventId }, 'julien');
    await bot.outboxIdle();

    expect(textsOf(published.value).join(' ')).toMatch(/invitations envoyées/);
    const invited = bot.connector
      .sentActivities()
      .map((activity) => (activity.conversation as { id: string }).id);
    expect(invited).toContain('a:personal-ix-user-julien');
    expect(invited).not.toContain('a:personal-ix-user-thomas');
    const again = await driver.invoke('event.publish', { eventId }, 'julien');
    expect(textsOf(again.value).join(' ')).toContain('déjà publié');
  });

  it('serves the calendar file behind the link of the card, and nothing to a guessed link', async () => {
    const eventId = await driver.createEvent('nadia', { title: 'Café des managers', capacity: '10' });
    const answered = await driver.invoke('event.answer', { eventId, answer: 'going' }, 'camille');

    const { response, text } = await fetchCalendar(answered.value);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const vevent = parsedCalendar(text).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe(`ix-event-${eventId}@ix.orleans.fr`);

    for (const path of [
      '/files/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics',
      '/files/calendar/short.ics',
      `/files/calendar/${'A'.repeat(500)}.ics`,
      '/files/other/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics',
    ]) {
      expect((await fetch(`${bot.baseUrl}${path}`)).status).toBe(404);
    }
  });

  it('tells registered people when the event changes, and bumps the calendar sequence', async () => {
    const eventId = await driver.createEvent('nadia', { title: 'Visite de la médiathèque', capacity: '5' });
    const answered = await driver.invoke('event.answer', { eventId, answer: 'going' }, 'camille');
    const form = await driver.invoke('event.edit', { eventId }, 'nadia');
    bot.connector.reset();

    const saved = await driver.invoke(
      'event.save',
      { ...inputsOf(form.value), eventId, startTime: '12:30' },
      'nadia',
    );
    await bot.outboxIdle();

    expect(textsOf(saved.value).join(' ')).toContain('1 personnes prévenues');
    const told = bot.connector
      .sentActivities()
      .filter((activity) => textsOf(cardOf(activity)).join(' ').includes('a changé'));
    expect(told.map((activity) => (activity.conversation as { id: string }).id)).toEqual([
      'a:personal-ix-user-camille',
    ]);
    const vevent = parsedCalendar((await fetchCalendar(answered.value)).text).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1);
    expect(textsOf(cardOf(told[0])).join(' ')).toContain('12:30');
  });

  it('refuses to let a lead manage an event of the network', async () => {
    const eventId = await driver.createEvent('nadia', { title: 'COPIL de décembre', kind: 'copil' });

    const body = await driver.invoke('event.cancel', { eventId }, 'julien');

    expect(body.type).toBe(textMessage);
    expect(String(body.value)).toContain('coordination');
  });

  it('cancels once, tells the registered people and turns their calendar file into a cancellation', async () => {
    const eventId = await driver.createEvent('nadia', { title: 'Balade urbaine', capacity: '5' });
    const answered = await driver.invoke('event.answer', { eventId, answer: 'going' }, 'camille');
    const asked = await driver.invoke('event.cancelAsk', { eventId }, 'nadia');
    expect(actionsOf(asked.value).map((action) => action.verb)).toContain('event.cancel');
    bot.connector.reset();

    const [first, second] = await Promise.all([
      driver.invoke('event.cancel', { eventId }, 'nadia'),
      driver.invoke('event.cancel', { eventId }, 'nadia'),
    ]);
    await bot.outboxIdle();

    const notices = [first, second].map((body) => textsOf(body.value).join(' '));
    expect(notices.filter((text) => text.includes('Événement annulé'))).toHaveLength(1);
    expect(notices.filter((text) => text.includes('déjà annulé'))).toHaveLength(1);
    const told = bot.connector
      .sentActivities()
      .filter((activity) => textsOf(cardOf(activity)).join(' ').includes('est annulé'));
    expect(told).toHaveLength(1);
    const calendar = parsedCalendar((await fetchCalendar(answered.value)).text);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    const late = await driver.invoke('event.answer', { eventId, answer: 'going' }, 'thomas');
    expect(textsOf(late.value).join(' ')).toContain('Trop tard');
  });

  it('ticks the JNR step of the newcomers the organiser marks present', async () => {
    const eventId = await driver.createEvent('nadia', {
      title: 'Journée des nouveaux recrutés',
      kind: 'jnr',
      audience: 'newcomers',
      startDate: '2026-11-30',
      startTime: '09:00',
      endTime: '16:30',
    });
    await driver.invoke('event.answer', { eventId, answer: 'going' }, 'camille');
    const notNewcomer = await driver.invoke('event.answer', { eventId, answer: 'going' }, 'thomas');
    expect(notNewcomer.type).toBe(textMessage);
    clock.advance(4 * 24 * hour);
    const manage = await driver.invoke('event.manage', { eventId }, 'nadia');
    const camilleId = await memberIdOf('ix-user-camille');
    expect(inputsOf(manage.value)).toHaveProperty('present');

    const saved = await driver.invoke('event.attendance', { eventId, present: camilleId }, 'nadia');

    expect(textsOf(saved.value).join(' ')).toContain('1 présents, 0 absents');
    const onboarding = await createOnboardingRepository(bot.database.connection);
    const progress = await onboarding.progressOf(camilleId);
    expect(progress.map((tick) => tick.stepSlug)).toContain('journee-nouveaux-recrutes');
  });

  it('posts a group event in the group’s linked channel, each person seeing their own answer', async () => {
    const channel = {
      id: '19:bon-accueil-events@thread.tacv2',
      conversationType: 'channel' as const,
      tenantId: 'tenant-orleans',
    };
    const groups = await createGroupsRepository(bot.database.connection);
    await groups.linkChannel('bon-accueil', {
      channelId: 'msteams',
      serviceUrl: bot.connector.url,
      conversation: channel,
      bot: { id: '28:ix-bot', name: 'iX' },
    });
    bot.connector.reset();

    const eventId = await driver.createEvent('julien', {
      title: 'Atelier au canal',
      audience: 'group:bon-accueil',
    });
    await bot.outboxIdle();

    const posts = bot.connector
      .sentActivities()
      .filter((activity) => (activity.conversation as { id: string }).id === channel.id);
    expect(posts).toHaveLength(1);
    const card = cardOf(posts[0]) as { refresh: { action: { verb: string }; userIds: string[] } };
    expect(card.refresh.action.verb).toBe('event.refresh');
    expect(card.refresh.userIds.length).toBeGreaterThan(0);
    const inChannel = { ...as('julien', bot.connector.url), conversation: channel };
    const mine = await driver.invoke('event.answer', { eventId, answer: 'going' }, inChannel);
    const texts = textsOf(mine.value);
    expect(texts.join(' ')).toContain('votre place est réservée');
    expect(texts).toContain('Actualiser');
    expect((mine.value as { refresh: { userIds: string[] } }).refresh.userIds[0]).toBe('ix-user-julien');
  });

  it('lets a registered person confirm "J’y étais" once the event has started', async () => {
    const startsAt = new Date(clock.now().getTime() + 26 * hour);
    const day = startsAt.toISOString().slice(0, 10);
    const eventId = await driver.createEvent('nadia', {
      title: 'Visite du jardin',
      startDate: day,
      startTime: '10:00',
      endTime: '11:00',
    });
    const before = await driver.invoke('event.answer', { eventId, answer: 'going' }, 'thomas');
    expect(actionsOf(before.value).map((action) => action.verb)).not.toContain('event.attended');
    clock.advance(2 * 24 * hour);

    const shown = await driver.invoke('event.show', { eventId }, 'thomas');
    expect(actionsOf(shown.value).map((action) => action.verb)).toContain('event.attended');
    const confirmed = await driver.invoke('event.attended', { eventId }, 'thomas');

    expect(textsOf(confirmed.value).join(' ')).toContain('présence est enregistrée');
    expect(actionsOf(confirmed.value).map((action) => action.verb)).not.toContain('event.attended');
  });

  it('includes registrations in "mes données"', async () => {
    const replies = await driver.say('mes données', 'camille');

    const file = (
      replies.find((activity) => activity.attachments) as {
        attachments: Array<{ contentUrl?: string; name?: string }>;
      }
    ).attachments;
    expect(JSON.stringify(replies)).toContain('Événements');
    expect(file.length).toBeGreaterThan(0);
  });
});
