/**
 * The texts of the tab page itself (status lines, the dashboard's labels), sent by the API in the
 * person's language. Types only, so the browser bundle can import it.
 */
import type frenchTab from '../../locales/fr/tab.json';

export type TabPageTexts = (typeof frenchTab)['page'];
