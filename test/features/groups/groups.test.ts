import { createGroupsRepository } from '../../../src/people/groups-repository';
import { createMembersRepository } from '../../../src/people/members-repository';
import { messageActivity } from '../../support/activities';
import { as, persona } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';

describe('working groups', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => bot.connector.reset());

  async function invoke(verb: string, data: Record<string, unknown>, who: Parameters<typeof as>[0]) {
    return bot.execute(verb, data, as(who, bot.connector.url));
  }

  async function memberCount(slug: string): Promise<number> {
    const groups = await createGroupsRepository(bot.database.connection);
    return (await groups.countMembers()).get(slug) ?? 0;
  }

  async function isMember(slug: string, who: Parameters<typeof as>[0]): Promise<boolean> {
    const members = await createMembersRepository(bot.database.connection);
    const groups = await createGroupsRepository(bot.database.connection);
    const member = await members.findByIdentity({ aadObjectId: persona(who).aadObjectId });
    return groups.isMember(slug, member!.id);
  }

  function groupBlock(card: unknown, title: string) {
    const containers = (card as { body: Array<{ type: string; items?: unknown[] }> }).body.filter(
      (element) => element.type === 'Container',
    );
    return containers.find((container) => textsOf(container).includes(title));
  }

  it('lists the five seeded groups with member counts, leads and my own join buttons', async () => {
    await bot.post(messageActivity('groupes', as('thomas', bot.connector.url)));

    const card = cardOf(bot.connector.sentActivities()[0]);
    const texts = textsOf(card);
    expect(texts).toEqual(
      expect.arrayContaining([
        'La réunionite, elle est finite',
        'Bon accueil, pas d’écueil',
        'La GPS',
        'Entrez dans la trans’',
        'À la recherche du temps perdu',
      ]),
    );
    // Thomas belongs to GPS (Quitter) but not to Bon accueil (Rejoindre).
    expect(textsOf(groupBlock(card, 'La GPS'))).toContain('Quitter');
    expect(textsOf(groupBlock(card, 'Bon accueil, pas d’écueil'))).toContain('Rejoindre');
    expect(textsOf(groupBlock(card, 'Bon accueil, pas d’écueil')).join(' ')).toMatch(
      /Pilotes : Julien Moreau/,
    );
  });

  it('joins then leaves a group, updating the card in place each time', async () => {
    const before = await memberCount('reunionite');

    const joined = await invoke('group.join', { groupSlug: 'reunionite' }, 'camille');
    expect(joined.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textsOf(joined.value)).toContain('Bienvenue dans « La réunionite, elle est finite » !');
    expect(textsOf(groupBlock(joined.value, 'La réunionite, elle est finite'))).toContain('Quitter');
    expect(await memberCount('reunionite')).toBe(before + 1);

    const left = await invoke('group.leave', { groupSlug: 'reunionite' }, 'camille');
    expect(textsOf(left.value)).toContain('Vous avez quitté « La réunionite, elle est finite ».');
    expect(textsOf(groupBlock(left.value, 'La réunionite, elle est finite'))).toContain('Rejoindre');
    expect(await memberCount('reunionite')).toBe(before);
    // Nothing was posted as a new message: the card was replaced.
    expect(
      bot.connector
        .sentActivities()
        .filter(
          (activity) =>
            activity.conversation &&
            (activity.conversation as { id: string }).id === 'a:personal-ix-user-camille',
        ),
    ).toHaveLength(0);
  });

  it('counts a double join once, even when both clicks arrive together', async () => {
    const before = await memberCount('temps-perdu');

    const [first, second] = await Promise.all([
      invoke('group.join', { groupSlug: 'temps-perdu' }, 'camille'),
      invoke('group.join', { groupSlug: 'temps-perdu' }, 'camille'),
    ]);
    const third = await invoke('group.join', { groupSlug: 'temps-perdu' }, 'camille');

    expect(await memberCount('temps-perdu')).toBe(before + 1);
    const notices = [first, second, third].map((body) => textsOf(body.value)[0]);
    expect(notices.filter((notice) => notice.startsWith('Bienvenue'))).toHaveLength(1);
    expect(notices.filter((notice) => notice.startsWith('Vous êtes déjà membre'))).toHaveLength(2);
  });

  it('tells the group leads in 1:1 when someone joins', async () => {
    // Julien (lead of bon-accueil) has talked to the bot, so it knows his personal chat.
    await bot.post(messageActivity('aide', as('julien', bot.connector.url)));
    bot.connector.reset();

    await invoke('group.join', { groupSlug: 'bon-accueil' }, 'thomas');
    await bot.outboxIdle();

    const toJulien = bot.connector.calls.filter(
      (call) => call.conversationId === 'a:personal-ix-user-julien',
    );
    expect(toJulien).toHaveLength(1);
    expect(toJulien[0].body.text).toBe('Thomas Girard vient de rejoindre « Bon accueil, pas d’écueil ».');
  });

  it('tells a lead in English when English is the language they last wrote in', async () => {
    await bot.post(messageActivity('help', as('amelie', bot.connector.url, 'en-US')));
    bot.connector.reset();

    await invoke('group.join', { groupSlug: 'gps' }, 'nadia');
    await bot.outboxIdle();

    const toAmelie = bot.connector.calls.filter(
      (call) => call.conversationId === 'a:personal-ix-user-amelie',
    );
    expect(toAmelie.map((call) => call.body.text)).toEqual(['Nadia Benali just joined “La GPS”.']);
  });

  it('warns the sole lead before letting them leave, and leaves only once confirmed', async () => {
    const warning = await invoke('group.leave', { groupSlug: 'trans' }, 'vincent');
    expect(textsOf(warning.value)).toContain(
      'Vous êtes le seul ou la seule pilote de « Entrez dans la trans’ »',
    );
    expect(await isMember('trans', 'vincent')).toBe(true);

    const confirmed = await invoke('group.leave', { groupSlug: 'trans', confirmSoleLead: 'yes' }, 'vincent');
    expect(textsOf(confirmed.value)).toContain('Vous avez quitté « Entrez dans la trans’ ».');
    expect(await isMember('trans', 'vincent')).toBe(false);
    expect(textsOf(groupBlock(confirmed.value, 'Entrez dans la trans’')).join(' ')).toMatch(
      /Pilote à trouver/,
    );
  });

  it('refuses an unknown group or a forged payload with a French message and changes nothing', async () => {
    const before = await memberCount('gps');

    const unknown = await invoke('group.join', { groupSlug: 'nope' }, 'camille');
    const injected = await invoke('group.join', { groupSlug: { $gt: '' } }, 'camille');
    const extra = await invoke('group.join', { groupSlug: 'gps', memberId: 'someone-else' }, 'camille');

    expect(unknown.type).toBe('application/vnd.microsoft.activity.message');
    expect(unknown.value).toBe('Je ne trouve pas le groupe demandé. Vérifiez le nom ou tapez **aide**.');
    expect(injected.value).toMatch(/^Ces informations ne sont pas valides/);
    expect(extra.value).toMatch(/^Ces informations ne sont pas valides/);
    expect(await memberCount('gps')).toBe(before);
  });

  it('lets a lead list their group members but refuses a plain member', async () => {
    await bot.post(messageActivity('membres', as('julien', bot.connector.url)));
    await bot.post(messageActivity('membres bon accueil', as('thomas', bot.connector.url)));

    const [leadView, memberView] = bot.connector.sentActivities();
    const texts = textsOf(cardOf(leadView));
    expect(texts).toContain('Membres de « Bon accueil, pas d’écueil »');
    expect(texts).toContain('Sophie Lefèvre');
    expect(memberView.text).toBe(
      "Cette action est réservée aux pilotes et référents RH du groupe, et à la coordination iX. Si vous pensez que c'est une erreur, contactez la coordination iX.",
    );
  });

  it('gives shared cards a per-user refresh for at most 60 people', async () => {
    await bot.post(
      messageActivity('groupes', {
        serviceUrl: bot.connector.url,
        from: persona('thomas'),
        conversation: {
          id: '19:general@thread.tacv2',
          conversationType: 'channel',
          tenantId: 'tenant-orleans',
        },
      }),
    );

    const card = cardOf(bot.connector.sentActivities()[0]) as {
      refresh?: { action: { verb: string }; userIds: string[] };
    };
    expect(card.refresh?.action.verb).toBe('groups.refresh');
    expect(card.refresh?.userIds[0]).toBe('ix-user-thomas');
    expect(card.refresh!.userIds.length).toBeLessThanOrEqual(60);
  });
});
