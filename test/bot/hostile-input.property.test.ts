import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { executeActivity, messageActivity, submitActivity } from '../support/activities';
import { as, persona } from '../support/personas';
import { startTestBot, type TestBot } from '../support/test-bot';
import { pollDriver } from '../features/polls/poll-support';

/**
 * Random and hostile payloads thrown at every command and every card verb through the real HTTP
 * endpoint, as Thomas, a plain member. Seeded and bounded, so the run is the same every time.
 */
const seed = Number(process.env.IX_PROPERTY_SEED ?? 20261203);
const runs = Number(process.env.IX_PROPERTY_RUNS ?? 200);

/** Collections a plain member may not change at all, whatever they send. */
const protectedCollections = [
  'role_grants',
  'groups',
  'organisations',
  'mission_sheets',
  'mission_sheet_versions',
  'polls',
  'poll_ballots',
  'info_flash_digests',
  'info_flash_channels',
  'onboarding_steps',
  'booklet_sections',
];

/** Texts that mean a handler failed in a way nobody planned: never acceptable. */
const unplannedFailure =
  /Oups, quelque chose s'est mal passé|Oops, something went wrong|\bat .+\.ts:\d+|TypeError|MongoServerError|CastError/;

describe('hostile input through POST /api/messages (property)', () => {
  let bot: TestBot;
  const thomas = persona('thomas');
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let others: { pollId: string; memberIds: string[]; digestIds: string[] };
  const figures = {
    payloads: 0,
    byKind: {} as Record<string, number>,
    statuses: {} as Record<number, number>,
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    bot = await startTestBot();
    // Real ids of other people's things: a poll of Julien's group, members, a published digest.
    const driver = pollDriver(bot);
    for (const who of ['julien', 'sophie', 'nadia', 'thomas'] as const) await driver.say('aide', who);
    const pollId = await driver.createPoll('julien', { question: 'Ouvert ?', options: 'Oui\nNon' });
    await driver.invoke(
      'infoFlash.propose',
      { title: 'Info', text: 'Texte.', link: '', groupSlug: '' },
      'nadia',
    );
    await driver.say('info flash publier', 'nadia');
    const db = bot.database.connection.db!;
    others = {
      pollId,
      memberIds: (await db.collection('members').find().limit(5).toArray()).map((m) => String(m._id)),
      digestIds: (await db.collection('info_flash_digests').find().toArray()).map((d) => String(d._id)),
    };
  }, 60_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await bot.stop();
    console.info(`hostile input figures: ${JSON.stringify(figures)}`);
  });

  async function fingerprint(): Promise<Record<string, string>> {
    const db = bot.database.connection.db!;
    const prints: Record<string, string> = {};
    for (const name of protectedCollections) {
      const documents = await db.collection(name).find().sort({ _id: 1 }).toArray();
      prints[name] = createHash('sha256').update(JSON.stringify(documents)).digest('hex');
    }
    // Other people's member records (Thomas's own may change: profile, last seen).
    const members = await db
      .collection('members')
      .find({ aadObjectId: { $ne: thomas.aadObjectId } }, { projection: { lastSeenAt: 0 } })
      .sort({ _id: 1 })
      .toArray();
    prints.members = createHash('sha256').update(JSON.stringify(members)).digest('hex');
    // Items proposed by others keep their status (Thomas may propose his own).
    const items = await db
      .collection('info_flash_items')
      .find({ authorName: { $ne: thomas.name } }, { projection: { status: 1, approvedBy: 1, title: 1 } })
      .sort({ _id: 1 })
      .toArray();
    prints.items = createHash('sha256').update(JSON.stringify(items)).digest('hex');
    return prints;
  }

  /** Leaves worth throwing anywhere a value is expected. */
  function hostileLeaf(): fc.Arbitrary<unknown> {
    return fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('a'.repeat(20_000), '\u0000', '../../etc/passwd', '<script>alert(1)</script>', ''),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        { $gt: '' },
        { $ne: null },
        { $where: 'sleep(1000)' },
        { $regex: '.*' },
        { $expr: { $eq: [1, 1] } },
        JSON.parse('{"__proto__": {"polluted": true}}'),
        { constructor: { prototype: { polluted: true } } },
      ),
      fc.constantFrom(
        ...others.memberIds,
        others.pollId,
        ...others.digestIds,
        'gps',
        'bon-accueil',
        'o1',
        'yes',
      ),
    );
  }

  const hostileValue = (): fc.Arbitrary<unknown> =>
    fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        hostileLeaf(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), knownField()), tie('value'), { maxKeys: 5 }),
      ),
    })).value;

  /** Field names our schemas use, so payloads reach past the first check. */
  const knownField = () =>
    fc.constantFrom(
      'pollId',
      'choices',
      'groupSlug',
      'memberId',
      'role',
      'digestId',
      'part',
      'confirm',
      'itemId',
      'title',
      'text',
      'name',
      'stepId',
      'sectionId',
      'question',
      'options',
      '__proto__',
      'constructor',
    );

  const hostileData = () =>
    fc.dictionary(fc.oneof(knownField(), fc.string({ maxLength: 8 })), hostileValue(), { maxKeys: 8 });

  type Payload =
    | { kind: 'command'; phrase: string; args: string }
    | { kind: 'invoke'; verb: string; data: Record<string, unknown> }
    | { kind: 'submit'; verb: unknown; data: Record<string, unknown> }
    | { kind: 'malformed'; activity: Record<string, unknown> };

  function payloads(): fc.Arbitrary<Payload> {
    const verbs = bot.app.router.cardVerbs();
    const phrases = bot.app.router.commandPhrases();
    const anyVerb = fc.oneof(
      fc.constantFrom(...verbs),
      fc.string({ maxLength: 30 }),
      fc.constant('__proto__'),
    );
    return fc.oneof(
      fc.record({
        kind: fc.constant('command' as const),
        phrase: fc.constantFrom(...phrases),
        args: fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom('publier', '{"$gt":""}', 'a'.repeat(5000)),
        ),
      }),
      fc.record({ kind: fc.constant('invoke' as const), verb: anyVerb, data: hostileData() }),
      fc.record({
        kind: fc.constant('submit' as const),
        verb: fc.oneof(anyVerb, hostileValue()),
        data: hostileData(),
      }),
      fc.record({
        kind: fc.constant('malformed' as const),
        activity: fc.record(
          {
            type: fc.oneof(fc.constantFrom('message', 'invoke'), hostileValue()),
            text: hostileValue(),
            value: hostileValue(),
            name: fc.oneof(fc.constant('adaptiveCard/action'), hostileValue()),
            locale: hostileValue(),
            channelData: hostileValue(),
          },
          { requiredKeys: [] },
        ),
      }),
    );
  }

  function activityOf(payload: Payload): Record<string, unknown> {
    const options = as('thomas', bot.connector.url);
    switch (payload.kind) {
      case 'command':
        return messageActivity(`${payload.phrase} ${payload.args}`, options);
      case 'invoke':
        return executeActivity(payload.verb, payload.data, options);
      case 'submit':
        return submitActivity({ ...payload.data, verb: payload.verb }, options);
      case 'malformed':
        return { ...messageActivity('aide', options), ...payload.activity };
    }
  }

  const englishErrors = Object.values(
    JSON.parse(readFileSync(path.join(__dirname, '../../locales/en/errors.json'), 'utf8')) as Record<
      string,
      string
    >,
  ).map((message) => message.slice(0, 20));

  /** Posts one payload and checks what every answer must be; returns nothing, throws on a breach. */
  async function throwAndCheck(payload: Payload): Promise<void> {
    bot.connector.reset();
    figures.payloads += 1;
    figures.byKind[payload.kind] = (figures.byKind[payload.kind] ?? 0) + 1;
    const response = await bot.post(activityOf(payload));
    figures.statuses[response.status] = (figures.statuses[response.status] ?? 0) + 1;
    expect(response.status).toBeLessThan(500);
    const invokeText = (response.body as { value?: unknown } | undefined)?.value;
    const texts = [
      ...(typeof invokeText === 'string' ? [invokeText] : []),
      ...bot.connector.sentActivities().map((activity) => String(activity.text ?? '')),
    ];
    const answers = [JSON.stringify(response.body ?? ''), ...texts].join('\n');
    expect(answers).not.toMatch(unplannedFailure);
    // The person's Teams speaks French: no English error text.
    for (const prefix of englishErrors) expect(answers).not.toContain(prefix);
    if (payload.kind !== 'malformed' && response.status === 200) {
      // Something was said to the person: a message, a card, or the invoke's answer.
      expect(bot.connector.sentActivities().length > 0 || invokeText !== undefined).toBe(true);
    }
  }

  it('answers every command and every card verb sent hostile data, each once at least', async () => {
    const before = await fingerprint();
    const samples: Array<Record<string, unknown>> = [
      {},
      { pollId: { $gt: '' }, groupSlug: { $ne: null }, memberId: { $where: '1' }, digestId: [] },
      {
        ...JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
        pollId: others.pollId,
        memberId: others.memberIds[0],
        role: 'coordinator',
        groupSlug: 'bon-accueil',
        digestId: others.digestIds[0],
        confirm: 'yes',
        choices: 'o1',
      },
      Object.fromEntries(
        ['title', 'text', 'name', 'question', 'options'].map((key) => [key, 'x'.repeat(20_000)]),
      ),
    ];
    for (const verb of bot.app.router.cardVerbs()) {
      for (const data of samples) await throwAndCheck({ kind: 'invoke', verb, data });
    }
    for (const phrase of bot.app.router.commandPhrases()) {
      for (const args of ['publier', '{"$gt": ""} x'.repeat(300)]) {
        await throwAndCheck({ kind: 'command', phrase, args });
      }
    }
    expect(await fingerprint()).toEqual(before);
    expect(unhandled).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);

  it('never answers 5xx, never fails unplanned, never changes what the member may not change', async () => {
    const before = await fingerprint();
    await fc.assert(fc.asyncProperty(payloads(), throwAndCheck), { seed, numRuns: runs, endOnFailure: true });
    expect(await fingerprint()).toEqual(before);
    expect(unhandled).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Still alive and kind.
    bot.connector.reset();
    expect((await bot.post(messageActivity('aide', as('thomas', bot.connector.url)))).status).toBe(200);
  }, 120_000);
});
