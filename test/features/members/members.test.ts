import { createGroupsRepository } from '../../../src/people/groups-repository';
import { createMembersRepository } from '../../../src/people/members-repository';
import { messageActivity } from '../../support/activities';
import { as, persona, type PersonaName } from '../../support/personas';
import { cardOf, startTestBot, textsOf, type TestBot } from '../../support/test-bot';

const bossObjectId = '0b055000-0000-4000-8000-00000000b055';

describe('members, profiles, roles and privacy', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ env: { IX_COORDINATORS: bossObjectId } });
  });
  afterAll(async () => {
    await bot.stop();
  });
  beforeEach(() => {
    bot.connector.reset();
    bot.connector.respondWith(undefined);
  });

  const repository = () => createMembersRepository(bot.database.connection);

  async function invoke(
    verb: string,
    data: Record<string, unknown>,
    who: PersonaName | ReturnType<typeof as>,
  ) {
    const options = typeof who === 'string' ? as(who, bot.connector.url) : who;
    return bot.execute(verb, data, options);
  }

  async function memberOf(who: PersonaName) {
    return (await repository()).findByIdentity({ aadObjectId: persona(who).aadObjectId });
  }

  it('records a newcomer on first contact with their Teams email and personal chat', async () => {
    bot.connector.respondWith((call) =>
      call.method === 'GET' && call.path.includes('/members/')
        ? {
            status: 200,
            body: {
              id: '29:new',
              name: 'Zoé Nouvelle',
              email: 'zoe.nouvelle@orleans.example',
              userPrincipalName: 'zoe.nouvelle@orleans.example',
            },
          }
        : undefined,
    );
    const from = { id: '29:new', name: 'Zoé Nouvelle', aadObjectId: 'aad-zoe' };

    await bot.post(messageActivity('aide', { serviceUrl: bot.connector.url, from }));

    const zoe = await (await repository()).findByIdentity({ aadObjectId: 'aad-zoe' });
    expect(zoe).toMatchObject({
      displayName: 'Zoé Nouvelle',
      email: 'zoe.nouvelle@orleans.example',
      teamsUserId: '29:new',
    });
    expect(zoe?.personalConversation).toMatchObject({ conversation: { id: 'a:personal-29:new' } });
    expect(zoe?.firstSeenAt).toBeInstanceOf(Date);
  });

  it('counts only the first sighting of a person as first contact, seeded people included', async () => {
    const members = await repository();
    const camille = persona('camille');
    const sighting = { aadObjectId: 'aad-first', teamsUserId: '29:first', displayName: 'Première' };

    const first = await members.recordSighting({ ...sighting, now: new Date('2026-11-02T08:00:00Z') });
    const second = await members.recordSighting({ ...sighting, now: new Date('2026-11-02T09:00:00Z') });
    const seeded = await members.recordSighting({
      aadObjectId: camille.aadObjectId,
      teamsUserId: camille.id,
      displayName: camille.name,
      now: new Date('2026-11-02T10:00:00Z'),
    });

    expect([first.firstContact, second.firstContact]).toEqual([true, false]);
    expect(second.member.firstSeenAt).toEqual(new Date('2026-11-02T08:00:00Z'));
    // Known from the seed but never seen: her first message is still a first contact.
    expect(seeded.firstContact).toBe(true);
  });

  it('records a person once even when their first two messages arrive together', async () => {
    const from = { id: '29:twin', name: 'Jumeau', aadObjectId: 'aad-twin' };
    await Promise.all([
      bot.post(messageActivity('aide', { serviceUrl: bot.connector.url, from })),
      bot.post(messageActivity('aide', { serviceUrl: bot.connector.url, from })),
    ]);

    const everyone = await (await repository()).listAll();
    expect(everyone.filter((member) => member.aadObjectId === 'aad-twin')).toHaveLength(1);
  });

  it('shows my profile and saves it, updating the card in place', async () => {
    await bot.post(messageActivity('profil', as('camille', bot.connector.url)));
    const shown = textsOf(cardOf(bot.connector.sentActivities()[0]));
    expect(shown).toContain('Mon profil iX');
    expect(shown).toContain('Camille Martin');

    const saved = await invoke(
      'profile.save',
      {
        organisation: 'Orléans Métropole',
        direction: 'Direction des Mobilités',
        site: 'Espace Saint-Marc',
        trade: 'Cheffe de projet',
        startDate: '2026-11-02',
      },
      'camille',
    );

    expect(textsOf(saved.value)).toContain("C'est noté ! Votre profil est à jour.");
    expect((await memberOf('camille'))?.profile).toEqual({
      organisation: 'Orléans Métropole',
      direction: 'Direction des Mobilités',
      site: 'Espace Saint-Marc',
      trade: 'Cheffe de projet',
      startDate: '2026-11-02',
    });
  });

  it.each([
    [
      { organisation: 'Mairie de Tours' },
      "Ces informations ne sont pas valides : l'organisation (choisissez-la dans la liste). Corrigez-les puis réessayez.",
    ],
    [
      { startDate: '2026-02-30' },
      "Ces informations ne sont pas valides : la date d'arrivée (au format AAAA-MM-JJ, au plus tard dans un an). Corrigez-les puis réessayez.",
    ],
    [
      { direction: 'x'.repeat(101) },
      'Ces informations ne sont pas valides : un champ dépasse 100 caractères. Corrigez-les puis réessayez.',
    ],
    [
      { direction: { $gt: '' } },
      'Ces informations ne sont pas valides : le champ « direction ». Corrigez-les puis réessayez.',
    ],
    [
      { roles: 'coordinator' },
      'Ces informations ne sont pas valides : des informations inattendues. Corrigez-les puis réessayez.',
    ],
  ])('refuses the profile form %j with a French message and changes nothing', async (form, message) => {
    const before = (await memberOf('thomas'))?.profile;

    const answer = await invoke('profile.save', form, 'thomas');

    expect(answer).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: message,
    });
    expect((await memberOf('thomas'))?.profile).toEqual(before);
  });

  it('lets a coordinator grant and revoke a group role', async () => {
    const lea = await memberOf('lea');

    const granted = await invoke(
      'roles.grant',
      { memberId: lea!.id, role: 'lead', groupSlug: 'gps' },
      'nadia',
    );
    expect(textsOf(granted.value)).toContain('Rôle « Pilote » attribué à Léa Chevalier.');
    expect(
      (await (await repository()).grantsOf(lea!.id)).map((grant) => [grant.role, grant.groupSlug]),
    ).toEqual([['lead', 'gps']]);

    const revoked = await invoke(
      'roles.revoke',
      { memberId: lea!.id, role: 'lead', groupSlug: 'gps' },
      'nadia',
    );
    expect(textsOf(revoked.value)).toContain('Rôle « Pilote » retiré à Léa Chevalier.');
    expect(await (await repository()).grantsOf(lea!.id)).toEqual([]);
  });

  it('refuses role changes from anyone who is not a coordinator, whatever the card says', async () => {
    const thomas = await memberOf('thomas');

    const answer = await invoke('roles.grant', { memberId: thomas!.id, role: 'coordinator' }, 'julien');

    expect(answer.value).toBe(
      "Cette action est réservée à la coordination iX. Si vous pensez que c'est une erreur, contactez la coordination iX.",
    );
    expect(await (await repository()).grantsOf(thomas!.id)).toEqual([]);
  });

  it('treats people listed in IX_COORDINATORS by Entra object id as coordinators', async () => {
    bot.connector.respondWith((call) =>
      call.method === 'GET' && call.path.includes('/members/')
        ? {
            status: 200,
            body: {
              id: '29:boss',
              name: 'Chef',
              userPrincipalName: 'boss@ix-orleans.example',
              email: 'boss@ix-orleans.example',
            },
          }
        : undefined,
    );
    const boss = {
      serviceUrl: bot.connector.url,
      from: { id: '29:boss', name: 'Chef', aadObjectId: bossObjectId },
    };
    await bot.post(messageActivity('aide', boss));
    bot.connector.reset();

    await bot.post(messageActivity('roles', boss));

    expect(textsOf(cardOf(bot.connector.sentActivities()[0]))).toContain('Rôles du réseau');
  });

  it('asks which person when a role search matches several, and refuses an unknown name', async () => {
    await bot.post(messageActivity('roles ma', as('nadia', bot.connector.url)));
    await bot.post(messageActivity('roles Zorro', as('nadia', bot.connector.url)));

    const [several, none] = bot.connector.sentActivities();
    expect(textsOf(cardOf(several))[0]).toBe('Plusieurs personnes correspondent à « ma ». Laquelle ?');
    expect(none.text).toBe(
      'Je ne trouve pas personne au nom de « Zorro ». Vérifiez le nom ou tapez **aide**.',
    );
  });

  it('exports everything stored about me as a card and a JSON file', async () => {
    await bot.post(messageActivity('mes données', as('sophie', bot.connector.url)));

    const [reply] = bot.connector.sentActivities();
    const texts = textsOf(cardOf(reply));
    expect(texts).toContain('Vos données dans iX');
    expect(texts).toContain('Sophie Lefèvre');
    const file = (
      reply.attachments as Array<{ contentType: string; contentUrl?: string; name?: string }>
    ).find((attachment) => attachment.contentType === 'application/json');
    expect(file?.name).toBe('mes-donnees-ix.json');
    const json = JSON.parse(Buffer.from(file!.contentUrl!.split(',')[1], 'base64').toString('utf8'));
    expect(json.member.displayName).toBe('Sophie Lefèvre');
    expect(
      json.roles
        .map((grant: { role: string; groupSlug: string }) => `${grant.role}:${grant.groupSlug}`)
        .sort(),
    ).toEqual(['hrReferent:bon-accueil', 'hrReferent:reunionite']);
    expect(json.groups.map((membership: { groupSlug: string }) => membership.groupSlug).sort()).toEqual([
      'bon-accueil',
      'reunionite',
    ]);
  });

  it('deletes my data everywhere after confirmation and says what was kept', async () => {
    await bot.post(messageActivity('supprimer mes données', as('karim', bot.connector.url)));
    expect(textsOf(cardOf(bot.connector.sentActivities()[0]))).toContain('Supprimer vos données ?');
    const karim = await memberOf('karim');

    const done = await invoke('privacy.delete', { confirm: 'yes' }, 'karim');

    expect(textsOf(done.value)).toContain('Vos données ont été supprimées');
    expect(await (await repository()).findById(karim!.id)).toBeUndefined();
    expect(await (await repository()).grantsOf(karim!.id)).toEqual([]);
    expect(await (await createGroupsRepository(bot.database.connection)).groupsOf(karim!.id)).toEqual([]);
  });

  it('deletes nothing when the person cancels', async () => {
    const answer = await invoke('privacy.delete.cancel', {}, 'paul');

    expect(textsOf(answer.value)).toContain("Rien n'a été supprimé.");
    expect(await memberOf('paul')).toBeDefined();
  });
});
