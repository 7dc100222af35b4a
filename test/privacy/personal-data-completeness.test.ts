import { ObjectId } from 'mongodb';
import { messageActivity } from '../support/activities';
import { as, persona, type PersonaName } from '../support/personas';
import { cardOf, startTestBot, type TestBot } from '../support/test-bot';
import { actionsOf, inputsOf, pollDriver } from '../features/polls/poll-support';

/**
 * Every collection the bot creates, classified. A new collection fails this test until it is added
 * here; if it holds anything about a person, erasure must remove it (checked below by scanning).
 */
const collections = {
  /** Hold a person's data: covered by "mes données" and "supprimer mes données". */
  personal: [
    'members',
    'role_grants',
    'group_memberships',
    'onboarding_progress',
    'onboarding_reminders',
    'onboarding_milestones',
    'onboarding_preferences',
    'welcomes',
    'team_greetings',
    'info_flash_items',
    'info_flash_reads',
    'info_flash_channels',
    'info_flash_digests',
    'mission_sheets',
    'mission_sheet_versions',
    'polls',
    'poll_ballots',
    'outbox_deliveries',
    'roster_entries',
    'events',
    'event_registrations',
    'meetup_participants',
    'meetup_rounds',
    'meetups',
    'meetup_answers',
  ],
  /** Hold nothing about a person. */
  impersonal: [
    'groups',
    'organisations',
    'onboarding_steps',
    'booklet_sections',
    'job_leases',
    'outbox_state',
    'seed_runs',
    // Version counters of the shared in-process caches: numbers only.
    'cache_versions',
    // Where the bot is installed (team or group chat ids, service URL): no person.
    'bot_installations',
  ],
};

const channel = '19:ix-news@thread.tacv2';

describe('personal data completeness', () => {
  let bot: TestBot;
  const subject: PersonaName = 'nadia';
  const nadia = persona(subject);
  let memberId = '';

  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => bot.stop());

  const say = (text: string, who: PersonaName = subject) =>
    bot.post(messageActivity(text, as(who, bot.connector.url)));
  const invoke = (verb: string, data: Record<string, unknown>, who: PersonaName = subject) =>
    bot.execute(verb, data, as(who, bot.connector.url));

  /** Every place a collection mentions the person: ids as strings or ObjectIds, Teams ids. */
  async function traces(): Promise<Record<string, number>> {
    const db = bot.database.connection.db!;
    const needles = [memberId, nadia.id, nadia.aadObjectId];
    const found: Record<string, number> = {};
    for (const { name } of await db.listCollections().toArray()) {
      for (const document of await db.collection(name).find().toArray()) {
        const text = JSON.stringify(document, (_key, value: unknown) =>
          value instanceof ObjectId ? value.toHexString() : value,
        );
        if (needles.some((needle) => text.includes(needle))) found[name] = (found[name] ?? 0) + 1;
        if (process.env.IX_SHOW_TRACES && needles.some((needle) => text.includes(needle)))
          console.log(name, text.slice(0, 3000));
      }
    }
    return found;
  }

  /** The person uses every feature that stores something about them. */
  async function useEverything(): Promise<void> {
    await say('aide');
    memberId = String(
      (await bot.database.connection.collection('members').findOne({ aadObjectId: nadia.aadObjectId }))!._id,
    );
    await invoke('group.join', { groupSlug: 'gps' });
    const thomas = await bot.database.connection.collection('members').findOne({ displayName: /Thomas/ });
    await invoke('roles.grant', { memberId: String(thomas!._id), role: 'steering' });
    await bot.post(
      messageActivity('<at>iX</at> abonner info flash', {
        serviceUrl: bot.connector.url,
        from: nadia,
        conversation: {
          id: `${channel};messageid=1`,
          conversationType: 'channel',
          tenantId: 'tenant-orleans',
        },
        channelData: { tenant: { id: 'tenant-orleans' }, team: { id: 'team-ix' }, channel: { id: channel } },
      }),
    );
    await invoke('infoFlash.propose', { title: 'Café', text: 'Café des cadres.', link: '', groupSlug: '' });
    await say('info flash publier');
    const digest = await bot.database.connection.collection('info_flash_digests').findOne({});
    await invoke('infoFlash.read', { digestId: String(digest!._id), part: '1' });
    bot.connector.reset();
    await say('fiche gps');
    const sheet = cardOf(bot.connector.sentActivities()[0]);
    const edit = actionsOf(sheet).find((action) => action.verb === 'sheet.edit');
    const form = await invoke('sheet.edit', edit!.data!);
    const save = actionsOf(form.value).find((action) => action.verb === 'sheet.save');
    await invoke('sheet.save', {
      ...save!.data,
      ...inputsOf(form.value),
      objective: 'Former tout le monde.',
    });
    const driver = pollDriver(bot);
    const pollId = await driver.createPoll(subject, {
      question: 'Café ou thé ?',
      options: 'Café\nThé',
      group: 'gps',
    });
    await invoke('poll.vote', { pollId, choices: 'o1' });
    await bot.app.outbox.drain();
  }

  it('classifies every collection, and erasure leaves no trace of the person in any of them', async () => {
    await useEverything();
    const names = (await bot.database.connection.db!.listCollections().toArray()).map(({ name }) => name);
    const classified = [...collections.personal, ...collections.impersonal];
    expect(names.filter((name) => !classified.includes(name))).toEqual([]);
    const before = await traces();
    // The scenario reached the collections it claims to (otherwise this test proves nothing).
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(before).filter((name) => !collections.personal.includes(name))).toEqual([]);

    await say('supprimer mes données');
    await invoke('privacy.delete', { confirm: 'yes' });

    expect(await traces()).toEqual({});
  });
});
