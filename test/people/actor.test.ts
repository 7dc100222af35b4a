import { actorFrom } from '../../src/people/actor';
import type { MemberRecord } from '../../src/people/members-repository';

describe('actorFrom', () => {
  const member = (fields: Partial<MemberRecord>) =>
    ({ id: 'm1', displayName: 'X', profile: {}, ...fields }) as MemberRecord;
  const configured = ['0b055000-0000-4000-8000-00000000b055'];

  it('makes a coordinator of the person whose Entra object id is configured', () => {
    expect(
      actorFrom(member({ aadObjectId: '0B055000-0000-4000-8000-00000000B055' }), [], configured)
        .isCoordinator,
    ).toBe(true);
  });

  it('ignores an email or UPN equal to a configured entry: neither is verified', () => {
    const impostor = member({
      aadObjectId: 'someone-else',
      email: configured[0],
      userPrincipalName: configured[0],
    });
    expect(actorFrom(impostor, [], [...configured, 'boss@orleans.fr']).isCoordinator).toBe(false);
    expect(
      actorFrom(
        member({ email: 'boss@orleans.fr', userPrincipalName: 'boss@orleans.fr' }),
        [],
        ['boss@orleans.fr'],
      ).isCoordinator,
    ).toBe(false);
  });
});
