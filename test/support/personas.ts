import { demoPeople } from '../../src/features/members/seed-data';

export type PersonaName =
  | 'camille'
  | 'nadia'
  | 'julien'
  | 'sophie'
  | 'thomas'
  | 'elodie'
  | 'marc'
  | 'amelie'
  | 'karim'
  | 'paul'
  | 'vincent'
  | 'lea'
  | 'isabelle'
  | 'chloe';

/** The `from` account of a seeded fictional person, as Teams would send it. */
export function persona(name: PersonaName): { id: string; name: string; aadObjectId: string } {
  const person = demoPeople.find((candidate) => candidate.teamsUserId === `ix-user-${name}`);
  if (!person) throw new Error(`No seeded persona ${name}`);
  return { id: person.teamsUserId, name: person.displayName, aadObjectId: person.aadObjectId };
}

/** Activity options for a persona talking to the bot in their personal chat. */
export function as(name: PersonaName, serviceUrl: string, locale = 'fr-FR') {
  const from = persona(name);
  return {
    serviceUrl,
    from,
    locale,
    conversation: {
      id: `a:personal-${from.id}`,
      conversationType: 'personal' as const,
      tenantId: 'tenant-orleans',
    },
  };
}
