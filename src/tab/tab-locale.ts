import { defaultLocale, pickLocale, type Locale } from '../i18n/translator';
import type { MemberRecord } from '../people';

/** The header the tab page fills with the Teams client's locale (teams-js `app.getContext()`). */
export const teamsLocaleHeader = 'x-teams-locale';

/** A BCP-47 tag such as `fr-FR` or `en-US`; anything else is ignored rather than trusted. */
const languageTag = /^[a-z]{2,3}(-[a-z0-9]{1,8}){0,4}$/i;

/** The locale a request asks for, or undefined when it names none (outside Teams, or garbage). */
export function requestedLocale(header: string | undefined): Locale | undefined {
  return header && languageTag.test(header) ? pickLocale(header) : undefined;
}

/**
 * The tab speaks the language of the person's Teams; without one, the language the bot last saw
 * them use; French otherwise.
 */
export function tabLocale(requested: Locale | undefined, member?: Pick<MemberRecord, 'locale'>): Locale {
  return requested ?? member?.locale ?? defaultLocale;
}
