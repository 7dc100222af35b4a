import type { Feature } from '../bot/feature';
import { helpFeature } from './help';

/** The features this bot runs, in the order their commands appear on the help card. */
export const allFeatures: Feature[] = [helpFeature];
