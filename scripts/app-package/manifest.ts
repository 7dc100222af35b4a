import { readFileSync } from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import type { ValidateFunction } from 'ajv';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { colourIcon, outlineIcon } from './icons';
import { readPngHeader } from './png';

export const manifestDirectory = path.resolve(__dirname, '../../manifest');

/** The manifest version we write; its official schema ships in @microsoft/app-manifest. */
export const manifestSchemaVersion = '1.24';

/** Teams lists at most ten commands per scope in its command menu. */
export const maxCommandsPerScope = 10;

export interface AppPackageSettings {
  /** The Teams app id (GUID), TEAMS_APP_ID. */
  teamsAppId: string;
  /** The Azure Bot registration id (GUID), MicrosoftAppId; also the SSO app registration. */
  botId: string;
  /** Host name the bot and the tab are served from, PUBLIC_HOST (no scheme, no path). */
  publicHost: string;
  /** Application ID URI of the SSO registration; defaults to api://<host>/<botId>. */
  ssoResource?: string;
  /** The app version, x.y.z. */
  version: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ManifestSources {
  template: JsonObject;
  localizations: { fr: JsonObject; en: JsonObject };
}

/** A package that cannot be built: every problem found, one per line. */
export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package is not valid:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

function readJson(file: string): JsonObject {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

export function readManifestSources(directory = manifestDirectory): ManifestSources {
  return {
    template: readJson(path.join(directory, 'manifest.template.json')),
    localizations: {
      fr: readJson(path.join(directory, 'fr.json')),
      en: readJson(path.join(directory, 'en.json')),
    },
  };
}

function fillPlaceholders(node: Json, values: Record<string, string>): Json {
  if (typeof node === 'string')
    return node.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  if (Array.isArray(node)) return node.map((item) => fillPlaceholders(item, values));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, fillPlaceholders(value, values)]),
    );
  }
  return node;
}

/** `bots[0].commandLists[1].commands[2].title` → ['bots', 0, 'commandLists', 1, 'commands', 2, 'title'] */
function pathOf(key: string): Array<string | number> {
  return key.split('.').flatMap((part) => {
    const [, name, indexes] = /^([^[]+)((?:\[\d+\])*)$/.exec(part) ?? [];
    if (name === undefined) throw new AppPackageError([`localization key "${key}" is not a manifest path`]);
    return [name, ...[...indexes.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]))];
  });
}

function setAt(root: JsonObject, key: string, value: string): boolean {
  const steps = pathOf(key);
  let node: Json = root;
  for (const step of steps.slice(0, -1)) {
    node = (node as Record<string | number, Json> | null)?.[step] ?? null;
    if (node === null || typeof node !== 'object') return false;
  }
  const last = steps[steps.length - 1];
  if (!(last in (node as object))) return false;
  (node as Record<string | number, Json>)[last] = value;
  return true;
}

/**
 * Fills the template with the ids and host from configuration and its French texts from fr.json,
 * the default language file, so the manifest and its localization files cannot drift apart.
 */
export function buildManifest(settings: AppPackageSettings, sources = readManifestSources()): JsonObject {
  const values: Record<string, string> = {
    teamsAppId: settings.teamsAppId,
    botId: settings.botId,
    publicHost: settings.publicHost,
    ssoResource: settings.ssoResource ?? `api://${settings.publicHost}/${settings.botId}`,
    version: settings.version,
  };
  const manifest = fillPlaceholders(structuredClone(sources.template), values) as JsonObject;
  const problems: string[] = [];
  for (const [key, text] of Object.entries(sources.localizations.fr)) {
    if (key === '$schema' || typeof text !== 'string') continue;
    if (!setAt(manifest, key, text))
      problems.push(`fr.json: "${key}" names nothing in the manifest template`);
  }
  const left = JSON.stringify(manifest).match(/\{\{[\w.]+\}\}/g);
  if (left) problems.push(`manifest template: unfilled placeholders ${[...new Set(left)].join(', ')}`);
  if (problems.length > 0) throw new AppPackageError(problems);
  return manifest;
}

function schemaOf(name: 'MicrosoftTeams' | 'MicrosoftTeams.Localization'): JsonObject {
  const packageRoot = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return readJson(
    path.join(packageRoot, 'build/json-schemas/teams', `v${manifestSchemaVersion}`, `${name}.schema.json`),
  );
}

let validators: { manifest: ValidateFunction; localization: ValidateFunction } | undefined;

function compiledValidators() {
  if (!validators) {
    // The official schemas are draft-04 and use the uri, email and regex formats.
    // unicodeRegExp off: the localization schema has a pattern (\b…\b]) that only compiles without the u flag.
    const ajv = new Ajv({ allErrors: true, strictTypes: false, strict: false, unicodeRegExp: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validators = {
      manifest: ajv.compile(schemaOf('MicrosoftTeams')),
      localization: ajv.compile(schemaOf('MicrosoftTeams.Localization')),
    };
  }
  return validators;
}

function describeErrors(file: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (error) =>
      `${file}${error.instancePath || ''}: ${error.message ?? 'is invalid'}${
        error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : ''
      }`,
  );
}

/** Validates against the official Teams schema plus the rules the schema cannot say; [] when valid. */
export function validateManifest(manifest: unknown): string[] {
  const { manifest: validate } = compiledValidators();
  const problems = validate(manifest) ? [] : describeErrors('manifest.json', validate);
  const bots = (
    manifest as { bots?: Array<{ commandLists?: Array<{ scopes: string[]; commands: unknown[] }> }> }
  )?.bots;
  for (const list of bots?.[0]?.commandLists ?? []) {
    if (list.commands.length > maxCommandsPerScope) {
      problems.push(
        `manifest.json/bots/0/commandLists (${list.scopes.join(', ')}): ${list.commands.length} commands, Teams shows at most ${maxCommandsPerScope}`,
      );
    }
  }
  return problems;
}

export function validateLocalization(file: string, localization: unknown, reference?: JsonObject): string[] {
  const { localization: validate } = compiledValidators();
  const problems = validate(localization) ? [] : describeErrors(file, validate);
  if (reference && localization && typeof localization === 'object') {
    const keys = new Set(Object.keys(localization));
    for (const key of Object.keys(reference))
      if (!keys.has(key)) problems.push(`${file}: "${key}" is missing`);
  }
  return problems;
}

export function checkIcon(
  file: string,
  png: Buffer,
  expected: { size: number; transparent: boolean },
): string[] {
  try {
    const header = readPngHeader(png);
    const problems: string[] = [];
    if (header.width !== expected.size || header.height !== expected.size) {
      problems.push(`${file}: ${header.width}×${header.height}, expected ${expected.size}×${expected.size}`);
    }
    if (expected.transparent && header.colourType !== 6 && header.colourType !== 4) {
      problems.push(`${file}: needs an alpha channel (transparent background)`);
    }
    return problems;
  } catch (error) {
    return [`${file}: ${(error as Error).message}`];
  }
}

export interface AppPackage {
  manifest: JsonObject;
  files: Record<string, Buffer>;
}

/** Builds and checks every file of the package; throws AppPackageError listing every problem. */
export function buildAppPackage(
  settings: AppPackageSettings,
  sources = readManifestSources(),
  icons = { color: colourIcon(), outline: outlineIcon() },
): AppPackage {
  const manifest = buildManifest(settings, sources);
  const { fr, en } = sources.localizations;
  const problems = [
    ...validateManifest(manifest),
    ...validateLocalization('fr.json', fr, en),
    ...validateLocalization('en.json', en, fr),
    ...checkIcon('color.png', icons.color, { size: 192, transparent: false }),
    ...checkIcon('outline.png', icons.outline, { size: 32, transparent: true }),
  ];
  if (problems.length > 0) throw new AppPackageError(problems);
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  return {
    manifest,
    files: {
      'manifest.json': json(manifest),
      'fr.json': json(fr),
      'en.json': json(en),
      'color.png': icons.color,
      'outline.png': icons.outline,
    },
  };
}

/** Files at the root of the zip, as Teams expects for sideloading. */
export function zipAppPackage(appPackage: AppPackage): Buffer {
  const zip = new AdmZip();
  for (const [name, content] of Object.entries(appPackage.files)) zip.addFile(name, content);
  return zip.toBuffer();
}
