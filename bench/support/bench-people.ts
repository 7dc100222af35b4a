/** The people of `npm run bench:turns`: as many as the most conversations run in parallel. */
import { tenantId, type ActivityOptions } from '../../test/support/activities';

export interface BenchPerson {
  id: string;
  name: string;
  aadObjectId: string;
}

export const mostConversations = 50;

export const benchPeople: BenchPerson[] = Array.from({ length: mostConversations }, (_, index) => ({
  id: `29:bench-${index}`,
  name: `Personne Banc ${index}`,
  aadObjectId: `aad-bench-${index}`,
}));

/** A person's 1:1 chat with the bot, answered through the Connector at `serviceUrl`. */
export function personalOptions(person: BenchPerson, serviceUrl: string): ActivityOptions {
  return {
    serviceUrl,
    from: person,
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId },
  };
}
