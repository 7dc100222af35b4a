import { chatLink, firstQuestion, namesOf, otherNames } from '../../../src/features/meetups/cards';
import type { MemberRecord } from '../../../src/people/members-repository';
import { createTranslator } from '../../../src/i18n/translator';

const fr = createTranslator('fr');
const member = (changes: Partial<MemberRecord>) =>
  ({ id: 'm', displayName: 'X', profile: {}, createdAt: new Date(), ...changes }) as MemberRecord;

describe('meetup cards', () => {
  it('joins names the French way', () => {
    expect(namesOf(['Camille'], fr)).toBe('Camille');
    expect(namesOf(['Camille', 'Julien'], fr)).toBe('Camille et Julien');
    expect(namesOf(['Camille', 'Julien', 'Sophie'], fr)).toBe('Camille, Julien et Sophie');
    expect(namesOf(['Camille', 'Julien'], createTranslator('en'))).toBe('Camille and Julien');
  });

  it('names a person who erased their data "un ancien membre"', () => {
    const names = new Map([['a', 'Camille Martin']]);
    expect(otherNames({ memberIds: ['a', 'b'], formerMembers: 0 }, 'b', names, fr)).toBe('Camille Martin');
    expect(otherNames({ memberIds: ['b'], formerMembers: 1 }, 'b', names, fr)).toBe('un ancien membre');
    expect(otherNames({ memberIds: ['a', 'b'], formerMembers: 1 }, 'b', names, fr)).toBe(
      'Camille Martin et un ancien membre',
    );
  });

  it('opens a Teams chat by UPN, else by Entra id, and only when everyone can be reached', () => {
    const upn = member({ userPrincipalName: 'camille.martin@orleans.example', aadObjectId: 'aad-1' });
    const aad = member({ aadObjectId: '00000000-0000-4000-8000-000000000101' });
    expect(chatLink([upn])).toBe(
      'https://teams.microsoft.com/l/chat/0/0?users=camille.martin%40orleans.example',
    );
    expect(chatLink([upn, aad])).toBe(
      'https://teams.microsoft.com/l/chat/0/0?users=camille.martin%40orleans.example,00000000-0000-4000-8000-000000000101',
    );
    expect(chatLink([member({})])).toBe('');
    expect(chatLink([upn, member({})])).toBe('');
  });

  it('suggests the same first question to everyone in a meetup', () => {
    expect(firstQuestion('65f0c0ffee0000000000abcd', fr)).toBe(firstQuestion('65f0c0ffee0000000000abcd', fr));
    const questions = new Set(
      Array.from({ length: 40 }, (_, index) =>
        firstQuestion(`65f0c0ffee00000000${String(index).padStart(6, '0')}`, fr),
      ),
    );
    expect(questions.size).toBeGreaterThan(3);
  });
});
