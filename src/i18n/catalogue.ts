/**
 * The locale files, one per namespace (a feature or a shared topic) and language:
 * `locales/<language>/<namespace>.json`. French is the reference; English must have the same keys
 * (the type below makes a missing English text a compile error).
 */
import frCommon from '../../locales/fr/common.json';
import frErrors from '../../locales/fr/errors.json';
import frHelp from '../../locales/fr/help.json';
import enCommon from '../../locales/en/common.json';
import enErrors from '../../locales/en/errors.json';
import enHelp from '../../locales/en/help.json';

export const french = {
  common: frCommon,
  errors: frErrors,
  help: frHelp,
};

export type Catalogue = typeof french;

export const english: Catalogue = {
  common: enCommon,
  errors: enErrors,
  help: enHelp,
};
