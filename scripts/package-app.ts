/**
 * npm run package: builds build/ix-teams-app.zip, the Teams app package to sideload or upload to
 * the Teams admin centre, from manifest/ and the configuration (.env or the environment).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError, loadAppPackageConfig } from '../src/config';
import { AppPackageError, buildAppPackage, zipAppPackage } from './app-package/manifest';

function main(): void {
  dotenv.config({ quiet: true });
  const config = loadAppPackageConfig(process.env);
  const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as {
    version: string;
  };
  const appPackage = buildAppPackage({
    teamsAppId: config.teamsAppId,
    botId: config.botId,
    publicHost: config.publicHost,
    ssoResource: config.ssoAudience,
    version,
  });
  const output = path.resolve(__dirname, '../build/ix-teams-app.zip');
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, zipAppPackage(appPackage));
  console.log(`Teams app package written to ${path.relative(process.cwd(), output)}`);
  console.log(`  app ${config.teamsAppId}, bot ${config.botId}, tab https://${config.publicHost}/tab/`);
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof AppPackageError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
