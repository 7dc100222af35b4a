/**
 * The "Mon iX" personal tab in the browser: initialises inside Teams (context, theme, SSO token),
 * or offers the development persona picker, then shows each section as the bot's own Adaptive
 * Cards, rendered with the adaptivecards SDK. Card buttons call the bot's handlers through the API.
 */
import { app, authentication } from '@microsoft/teams-js';
import * as AdaptiveCards from 'adaptivecards';
import type { DashboardFigures } from '../../../src/tab/dashboard-figures';
import type { TabPageTexts } from '../../../src/tab/page-texts';
import { renderDashboard } from './dashboard';
import { format } from './format';
import { hostConfigFor, type Theme } from './host-config';
import { markdownToHtml } from './markdown';

interface TabResult {
  available: boolean;
  cards: object[];
  messages: string[];
  error?: string;
}

/** The sections the features contributed, named in the person's language (GET /api/tab/views). */
interface Navigation {
  views: Array<{ name: string; label: string; title: string }>;
  dashboard: { label: string; title: string };
  comingSoon: string;
  texts: TabPageTexts;
}

/** The coordinators' dashboard: the one section the page draws itself rather than from cards. */
const dashboardView = 'tableau-de-bord';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const statusLine = element<HTMLParagraphElement>('status');
const alertBox = element<HTMLDivElement>('alert');
const viewBox = element<HTMLDivElement>('view');
const viewTitle = element<HTMLHeadingElement>('view-title');
const nav = element<HTMLElement>('sections');

let credentials: () => Promise<string> = async () => '';
let theme: Theme = 'default';
/** The Teams client's locale (teams-js app.locale), sent with every request; none outside Teams. */
let teamsLocale: string | undefined;
let currentView = '';
const viewTitles = new Map<string, string>();
let navigation: Navigation | undefined;
/** The page's texts in the person's language, once the API sent them; French before. */
const text = (key: 'loading' | 'working' | 'done' | 'actionFailed' | 'viewFailed', french: string) =>
  navigation?.texts[key] ?? french;

AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdownToHtml(text);
  result.didProcess = true;
};

function setStatus(text: string): void {
  statusLine.textContent = text;
}

function showAlert(text: string | undefined): void {
  alertBox.hidden = !text;
  alertBox.textContent = text ?? '';
}

function applyTheme(name: string): void {
  theme = name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'default';
  document.body.dataset.theme = theme;
}

async function api<T>(path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: await credentials(),
      ...(teamsLocale ? { 'x-teams-locale': teamsLocale } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Renders one card; its Action.Execute buttons run the bot's handler and replace the card. */
function renderCard(json: object): HTMLElement {
  const holder = document.createElement('div');
  holder.className = 'card';
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(hostConfigFor(theme));
  card.onExecuteAction = (action) => {
    if (action instanceof AdaptiveCards.OpenUrlAction && action.url) {
      window.open(action.url, '_blank', 'noopener');
      return;
    }
    if (action instanceof AdaptiveCards.ExecuteAction || action instanceof AdaptiveCards.SubmitAction) {
      const data = { ...((action.data as Record<string, unknown> | undefined) ?? {}) };
      const verb = action instanceof AdaptiveCards.ExecuteAction ? action.verb : String(data.verb ?? '');
      delete data.verb;
      void runAction(holder, verb ?? '', data);
    }
  };
  card.parse(json);
  const rendered = card.render();
  if (rendered) holder.replaceChildren(rendered);
  return holder;
}

async function runAction(holder: HTMLElement, verb: string, data: Record<string, unknown>): Promise<void> {
  setStatus(text('working', 'Un instant…'));
  holder.setAttribute('aria-busy', 'true');
  try {
    const { status, body } = await api<TabResult>('/api/tab/actions', { verb, data });
    if (status !== 200) throw new Error(`HTTP ${status}`);
    showAlert(body.error);
    const [card] = body.cards;
    if (card) {
      const next = renderCard(card);
      holder.replaceWith(next);
      next.querySelector<HTMLElement>('button, input, select, textarea')?.focus();
    }
    for (const message of body.messages) viewBox.prepend(messageBlock(message));
    setStatus(text('done', 'C’est fait.'));
  } catch {
    showAlert(text('actionFailed', 'L’action n’a pas abouti. Vérifiez votre connexion et réessayez.'));
    setStatus('');
  } finally {
    holder.removeAttribute('aria-busy');
  }
}

function messageBlock(text: string): HTMLElement {
  const block = document.createElement('div');
  block.className = 'message';
  block.innerHTML = markdownToHtml(text);
  return block;
}

async function showView(name: string): Promise<void> {
  currentView = name;
  for (const button of nav.querySelectorAll<HTMLButtonElement>('button')) {
    if (button.dataset.view === name) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  viewTitle.hidden = false;
  viewTitle.textContent = viewTitles.get(name) ?? '';
  showAlert(undefined);
  setStatus(text('loading', 'Chargement…'));
  viewBox.replaceChildren();
  viewBox.setAttribute('aria-busy', 'true');
  try {
    if (name === dashboardView) {
      const { status, body } = await api<DashboardFigures & { message?: string }>('/api/tab/dashboard');
      if (status !== 200) throw new Error(body.message ?? `HTTP ${status}`);
      if (navigation) viewBox.replaceChildren(renderDashboard(body, navigation.texts));
    } else {
      const { status, body } = await api<TabResult>(`/api/tab/views/${name}`);
      if (status !== 200) throw new Error(`HTTP ${status}`);
      if (!body.available && navigation) viewBox.append(messageBlock(navigation.comingSoon));
      showAlert(body.error);
      for (const message of body.messages) viewBox.append(messageBlock(message));
      for (const card of body.cards) viewBox.append(renderCard(card));
    }
    setStatus('');
  } catch (error) {
    showAlert(
      (error as Error).message.startsWith('HTTP')
        ? text('viewFailed', 'Impossible de charger cette rubrique.')
        : (error as Error).message,
    );
    setStatus('');
  } finally {
    viewBox.removeAttribute('aria-busy');
  }
}

async function start(): Promise<void> {
  const me = await api<{ name: string; dashboard: boolean; message?: string }>('/api/tab/me');
  if (me.status !== 200) {
    showAlert(me.body.message ?? 'Connexion impossible.');
    setStatus('');
    return;
  }
  const sections = await api<Navigation>('/api/tab/views');
  if (sections.status !== 200) {
    showAlert('Impossible de charger les rubriques.');
    setStatus('');
    return;
  }
  navigation = sections.body;
  element('who').textContent = format(navigation.texts.hello, { name: me.body.name });
  document.documentElement.lang = navigation.texts.dateLocale.slice(0, 2);
  nav.setAttribute('aria-label', navigation.texts.sections);
  showNavigation(navigation, me.body.dashboard);
  const requested = new URLSearchParams(location.search).get('rubrique');
  const [first] = navigation.views;
  await showView(requested && viewTitles.has(requested) ? requested : (first?.name ?? dashboardView));
}

/** One button per section, in the server's order; the dashboard's only for those who may read it. */
function showNavigation(named: Navigation, dashboard: boolean): void {
  const sections = [...named.views, ...(dashboard ? [{ name: dashboardView, ...named.dashboard }] : [])];
  viewTitles.clear();
  nav.replaceChildren(
    ...sections.map((section) => {
      viewTitles.set(section.name, section.title);
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.view = section.name;
      button.textContent = section.label;
      return button;
    }),
  );
  nav.hidden = false;
  nav.onclick = (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-view]');
    if (button?.dataset.view) void showView(button.dataset.view);
  };
}

/** Inside Teams (desktop, web or mobile): the host answers initialize() quickly; a page alone does not. */
async function initialiseTeams(): Promise<boolean> {
  const framed = window.parent !== window || 'nativeInterface' in window;
  if (!framed) return false;
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 5000));
  return Promise.race([app.initialize().then(() => true), timeout]).catch(() => false);
}

async function main(): Promise<void> {
  applyTheme(new URLSearchParams(location.search).get('theme') ?? 'default');
  if (await initialiseTeams()) {
    const context = await app.getContext();
    applyTheme(context.app.theme);
    teamsLocale = context.app.locale;
    document.documentElement.lang = teamsLocale.toLowerCase().startsWith('en') ? 'en' : 'fr';
    app.registerOnThemeChangeHandler((name) => {
      applyTheme(name);
      void showView(currentView);
    });
    credentials = async () => `Bearer ${await authentication.getAuthToken()}`;
    app.notifySuccess();
    await start();
    return;
  }
  const settings = (await (await fetch('/api/tab/settings')).json()) as { devPersonas: boolean };
  if (!settings.devPersonas) {
    setStatus('');
    showAlert('Mon iX s’ouvre dans Teams : ajoutez l’application iX puis ouvrez l’onglet « Mon iX ».');
    return;
  }
  await pickPersona();
}

async function pickPersona(): Promise<void> {
  const { personas } = (await (await fetch('/api/tab/personas')).json()) as {
    personas: Array<{ aadObjectId: string; name: string; organisation?: string }>;
  };
  const select = element<HTMLSelectElement>('persona');
  for (const persona of personas) {
    const option = document.createElement('option');
    option.value = persona.aadObjectId;
    option.textContent = persona.organisation ? `${persona.name} (${persona.organisation})` : persona.name;
    select.append(option);
  }
  const remembered = sessionStorage.getItem('ix-persona');
  if (remembered) select.value = remembered;
  element('personas').hidden = false;
  setStatus('');
  element<HTMLButtonElement>('persona-go').addEventListener('click', () => {
    sessionStorage.setItem('ix-persona', select.value);
    const chosen = select.value;
    credentials = async () => `Persona ${chosen}`;
    element('personas').hidden = true;
    void start();
  });
}

void main();
