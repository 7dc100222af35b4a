import { renderGroupsCard } from '../../../src/features/groups/cards';
import type { GroupLine } from '../../../src/features/groups/service';
import { createTranslator } from '../../../src/i18n/translator';

const fr = createTranslator('fr');
const line = (changes: Partial<GroupLine>): GroupLine => ({
  slug: 'reunionite',
  title: 'La réunionite',
  theme: 'Réunions',
  memberCount: 0,
  leadNames: [],
  isMember: false,
  ...changes,
});

describe('groups card', () => {
  it("shows each group's count and leads, or that a lead is wanted", () => {
    const card = renderGroupsCard(
      {
        groups: [
          line({ memberCount: 12, leadNames: ['Camille', 'Julien'] }),
          line({ slug: 'jnr', memberCount: 3 }),
        ],
        refreshUserIds: [],
      },
      { shared: false, notice: 'Bienvenue dans le groupe.' },
      fr,
    );
    const text = JSON.stringify(card);
    expect(text).toContain('12 membre(s) · Pilotes : Camille, Julien');
    expect(text).toContain('3 membre(s) · Pilote à trouver');
    expect(text).toContain('Bienvenue dans le groupe.');
  });
});
