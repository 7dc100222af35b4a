import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createGroupsRepository } from '../../src/people/groups-repository';
import { createMembersRepository } from '../../src/people/members-repository';
import { createPollsRepository } from '../../src/features/polls/repository';
import { tabBundleDirectory } from '../../src/tab/tab-app';
import { persona } from '../support/personas';
import { startTestBot, type TestBot } from '../support/test-bot';
import { signingKeys, tabEnv } from './sso-tokens';

/**
 * The tab in headless Chromium (Debian's package; .ci/run installs it), in dev-persona mode.
 * Screenshots of every section go to test-artifacts/tab/ (ignored by git).
 */
const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  console.warn(`Skipping the Mon iX browser tests: ${chromiumPath} is missing (apt-get install chromium).`);
}
const describeInBrowser = hasChromium ? describe : describe.skip;
const screenshots = path.join(__dirname, '..', '..', 'test-artifacts', 'tab');

jest.setTimeout(30000);

describeInBrowser('Mon iX tab in a browser', () => {
  let bot: TestBot;
  let browser: Browser;
  let page: Page;
  const camille = persona('camille');

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    // The same bundle `npm run build` writes, so the test does not depend on a previous build.
    await build({
      entryPoints: [path.join(__dirname, '..', '..', 'public', 'tab', 'src', 'tab.ts')],
      bundle: true,
      minify: true,
      target: 'es2020',
      outfile: path.join(tabBundleDirectory, 'tab.js'),
      logLevel: 'silent',
    });
    bot = await startTestBot({ env: { ...tabEnv, TAB_DEV_PERSONAS: 'true' }, tabSigningKeys: signingKeys });
    browser = await chromium.launch({
      headless: true,
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'fr-FR' });
    page.setDefaultTimeout(8000);
    await page.goto(`${bot.baseUrl}/tab/`);
    await page.getByLabel('Personne', { exact: true }).selectOption(camille.aadObjectId);
    await page.getByRole('button', { name: 'Ouvrir Mon iX' }).click();
    await page.getByText(`Bonjour ${camille.name}`).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  const memberId = async () =>
    (await bot.database.connection.collection('members').findOne({ aadObjectId: camille.aadObjectId }))?._id;

  const open = async (section: string) => {
    await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name: section }).click();
    await page.locator('#view[aria-busy]').waitFor({ state: 'detached' });
  };

  it('ticks a step of the integration path', async () => {
    await page.locator('#view .card').first().waitFor();
    await page.screenshot({ path: path.join(screenshots, 'parcours.png'), fullPage: true });
    // Camille, a newcomer, first gives her start date (an input sent along with the action).
    await page.locator('#view').getByRole('button', { name: 'Voir mon parcours' }).click();
    await page.locator('#view').getByRole('button', { name: 'Fait' }).first().click();
    await page.getByRole('status').filter({ hasText: 'C’est fait.' }).waitFor();
    const ticks = await bot.database.connection
      .collection('onboarding_progress')
      .countDocuments({ memberId: await memberId() });
    expect(ticks).toBe(1);
  });

  it('joins a group from the directory', async () => {
    await open('Groupes');
    await page.screenshot({ path: path.join(screenshots, 'groupes.png'), fullPage: true });
    const before = await bot.database.connection
      .collection('group_memberships')
      .countDocuments({ memberId: await memberId() });
    await page.locator('#view').getByRole('button', { name: 'Rejoindre' }).first().click();
    await page.getByRole('status').filter({ hasText: 'C’est fait.' }).waitFor();
    const after = await bot.database.connection
      .collection('group_memberships')
      .countDocuments({ memberId: await memberId() });
    expect(after).toBe(before + 1);
  });

  it('shows the mission sheets and the Info Flash', async () => {
    await open('Fiches mission');
    await page.screenshot({ path: path.join(screenshots, 'fiches.png'), fullPage: true });
    expect(await page.locator('#view .card, #view .message').count()).toBeGreaterThan(0);
    await open('Info Flash');
    await page.screenshot({ path: path.join(screenshots, 'info-flash.png'), fullPage: true });
    expect(await page.locator('#view .card, #view .message').count()).toBeGreaterThan(0);
  });

  it('votes in an open poll of her group', async () => {
    // A lead's poll to "La GPS", which Camille joins first: the same repositories the bot uses.
    const connection = bot.database.connection;
    const members = await createMembersRepository(connection);
    const groups = await createGroupsRepository(connection);
    const polls = await createPollsRepository(connection);
    const marc = await members.findByIdentity({ aadObjectId: persona('marc').aadObjectId });
    const camilleId = String(await memberId());
    await groups.join('gps', camilleId, new Date());
    const draft = await polls.createDraft(
      {
        groupSlug: 'gps',
        audienceTitle: 'La GPS',
        question: 'Quel créneau pour le prochain atelier GPS ?',
        options: [
          { id: 'o1', label: 'Mardi matin' },
          { id: 'o2', label: 'Jeudi après-midi' },
        ],
        multiple: false,
        anonymous: false,
        resultsVisibility: 'afterVote',
        deadline: new Date(Date.now() + 7 * 24 * 3600 * 1000),
        sendPersonal: false,
        sendChannel: false,
      },
      { memberId: marc!.id, name: marc!.displayName },
      new Date(),
    );
    await polls.openPoll(
      draft.id,
      { targetMemberIds: (await groups.membersOf('gps')).map((m) => m.memberId) },
      new Date(),
    );

    await open('Sondages');
    await page.locator('#view').getByRole('button', { name: 'Répondre' }).first().click();
    await page.locator('#view').getByText('Jeudi après-midi').click();
    await page.screenshot({ path: path.join(screenshots, 'sondages.png'), fullPage: true });
    await page.locator('#view').getByRole('button', { name: 'Voter' }).click();
    await page.getByRole('status').filter({ hasText: 'C’est fait.' }).waitFor();

    const ballots = await connection.collection('poll_ballots').find({ pollId: draft.id }).toArray();
    expect(ballots).toHaveLength(1);
    expect(ballots[0].choices).toEqual(['o2']);
  });

  it('speaks English to someone whose Teams speaks English', async () => {
    const julien = persona('julien');
    const members = await createMembersRepository(bot.database.connection);
    await members.recordSighting({
      aadObjectId: julien.aadObjectId,
      teamsUserId: julien.id,
      displayName: julien.name,
      locale: 'en',
      now: new Date(),
    });
    const englishPage = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'en-GB' });
    await englishPage.goto(`${bot.baseUrl}/tab/`);
    await englishPage.getByLabel('Personne', { exact: true }).selectOption(julien.aadObjectId);
    await englishPage.getByRole('button', { name: 'Ouvrir Mon iX' }).click();
    await englishPage.getByText(`Hello ${julien.name}`).waitFor();
    const sections = englishPage.getByRole('navigation', { name: 'Sections' });
    expect(await sections.getByRole('button').allTextContents()).toEqual(
      expect.arrayContaining(['My path', 'Groups', 'Polls']),
    );
    await sections.getByRole('button', { name: 'Groups' }).click();
    await englishPage.getByRole('heading', { name: 'The working groups' }).waitFor();
    await englishPage.locator('#view').getByRole('button', { name: 'Join' }).first().waitFor();
    await englishPage.screenshot({ path: path.join(screenshots, 'groups-english.png'), fullPage: true });
    await englishPage.close();
  });

  it('keeps the dashboard for coordinators, in the dark theme too', async () => {
    expect(await page.getByRole('button', { name: 'Tableau de bord' }).isVisible()).toBe(false);
    const nadia = persona('nadia');
    const coordinatorPage = await browser.newPage({
      viewport: { width: 1000, height: 900 },
      locale: 'fr-FR',
    });
    await coordinatorPage.goto(`${bot.baseUrl}/tab/?theme=dark&rubrique=tableau-de-bord`);
    await coordinatorPage.getByLabel('Personne', { exact: true }).selectOption(nadia.aadObjectId);
    await coordinatorPage.getByRole('button', { name: 'Ouvrir Mon iX' }).click();
    const byOrganisation = coordinatorPage.getByRole('table', { name: 'Par organisation' });
    await byOrganisation.waitFor();
    expect(await byOrganisation.getByRole('rowheader').allTextContents()).toEqual(
      expect.arrayContaining(['Ville d’Orléans']),
    );
    await expect(
      coordinatorPage.getByText('146 actifs sur 350 cadres', { exact: false }).count(),
    ).resolves.toBe(1);
    // Camille's ballot, cast above, counts in the participation of the open polls.
    await expect(
      coordinatorPage.getByText('Participation (1 réponse(s), 1 sondage(s) ouvert(s))').count(),
    ).resolves.toBe(1);
    await coordinatorPage.screenshot({
      path: path.join(screenshots, 'tableau-de-bord-sombre.png'),
      fullPage: true,
    });
    await coordinatorPage.close();
  });
});
