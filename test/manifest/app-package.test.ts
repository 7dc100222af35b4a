import AdmZip from 'adm-zip';
import {
  AppPackageError,
  buildAppPackage,
  buildManifest,
  maxCommandsPerScope,
  readManifestSources,
  validateManifest,
  zipAppPackage,
  type AppPackageSettings,
} from '../../scripts/app-package/manifest';
import { colourIcon, outlineIcon } from '../../scripts/app-package/icons';
import { encodePng, readPngHeader } from '../../scripts/app-package/png';
import { loadAppPackageConfig } from '../../src/config';

const settings: AppPackageSettings = {
  teamsAppId: '2f6b1c3e-4a5d-4e6f-8a9b-0c1d2e3f4a5b',
  botId: '11111111-2222-4333-8444-555555555555',
  publicHost: 'ix.orleans.example',
  version: '1.2.3',
};

type Manifest = {
  id: string;
  name: { short: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
  }>;
  staticTabs: Array<{ entityId: string; name?: string; contentUrl?: string }>;
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
};

describe('Teams app package', () => {
  it('builds a manifest that passes the official v1.24 schema', () => {
    const manifest = buildManifest(settings);
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('fills ids and host from configuration and French texts from fr.json', () => {
    const manifest = buildManifest(settings) as unknown as Manifest;
    expect(manifest.id).toBe(settings.teamsAppId);
    expect(manifest.bots[0].botId).toBe(settings.botId);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.validDomains).toEqual(['ix.orleans.example']);
    expect(manifest.webApplicationInfo).toEqual({
      id: settings.botId,
      resource: `api://ix.orleans.example/${settings.botId}`,
    });
    const tab = manifest.staticTabs.find((candidate) => candidate.entityId === 'mon-ix');
    expect(tab).toMatchObject({ name: 'Mon iX', contentUrl: 'https://ix.orleans.example/tab/' });
    const personal = manifest.bots[0].commandLists.find((list) => list.scopes.includes('personal'));
    expect(personal?.commands.map((command) => command.title)).toEqual(
      expect.arrayContaining(['aide', 'groupes', 'parcours', 'fiche', 'info flash', 'sondages']),
    );
  });

  it('keeps at most ten French commands per scope', () => {
    const manifest = buildManifest(settings) as unknown as Manifest;
    for (const list of manifest.bots[0].commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(maxCommandsPerScope);
    }
  });

  it('refuses a broken copy with the schema error', () => {
    const broken = structuredClone(buildManifest(settings)) as Record<string, unknown>;
    broken.manifestVersion = '0.9';
    delete broken.name;
    const problems = validateManifest(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/manifestVersion'),
        expect.stringContaining("must have required property 'name'"),
      ]),
    );
  });

  it('refuses more than ten commands in a scope, which the schema alone allows', () => {
    const manifest = structuredClone(buildManifest(settings)) as unknown as Manifest;
    const commands = manifest.bots[0].commandLists[1].commands;
    while (commands.length < 11)
      commands.push({ title: `extra ${commands.length}`, description: 'x' } as never);
    expect(validateManifest(manifest)).toEqual([expect.stringContaining('at most 10')]);
  });

  it('refuses to build with a broken template, naming the problem', () => {
    const sources = readManifestSources();
    (sources.template as Record<string, unknown>).accentColor = 'blue';
    expect(() => buildAppPackage(settings, sources)).toThrow(AppPackageError);
    expect(() => buildAppPackage(settings, sources)).toThrow(/accentColor/);
  });

  it('refuses an English file that misses a French key', () => {
    const sources = readManifestSources();
    delete sources.localizations.en['staticTabs[0].name'];
    expect(() => buildAppPackage(settings, sources)).toThrow(/en\.json: "staticTabs\[0\]\.name" is missing/);
  });

  it('draws a 192×192 colour icon and a 32×32 transparent white outline', () => {
    expect(readPngHeader(colourIcon())).toEqual({ width: 192, height: 192, colourType: 6 });
    expect(readPngHeader(outlineIcon())).toEqual({ width: 32, height: 32, colourType: 6 });
  });

  it('refuses icons of the wrong size', () => {
    const tiny = encodePng({ width: 16, height: 16, pixels: new Uint8Array(16 * 16 * 4) });
    expect(() =>
      buildAppPackage(settings, readManifestSources(), { color: tiny, outline: outlineIcon() }),
    ).toThrow(/color\.png: 16×16, expected 192×192/);
  });

  it('zips the manifest, both languages and both icons at the root', () => {
    const zip = new AdmZip(zipAppPackage(buildAppPackage(settings)));
    expect(
      zip
        .getEntries()
        .map((entry) => entry.entryName)
        .sort(),
    ).toEqual(['color.png', 'en.json', 'fr.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as Manifest;
    expect(manifest.name.short).toBe('iX');
  });

  it('reads the ids and host from configuration and asks for the missing one', () => {
    expect(
      loadAppPackageConfig({
        TEAMS_APP_ID: settings.teamsAppId,
        MicrosoftAppId: settings.botId,
        PUBLIC_HOST: settings.publicHost,
      }),
    ).toEqual({ teamsAppId: settings.teamsAppId, botId: settings.botId, publicHost: settings.publicHost });
    expect(() => loadAppPackageConfig({ MicrosoftAppId: settings.botId, PUBLIC_HOST: 'x.example' })).toThrow(
      /TEAMS_APP_ID is required/,
    );
  });
});
