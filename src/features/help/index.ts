import type { Feature } from '../../bot/feature';
import { showHelp } from './commands';

/** "Aide": the commands of the installed features, with one line each. */
export const helpFeature: Feature = {
  name: 'help',
  register({ router }) {
    router.command(showHelp(router));
  },
};
