import { type GroupRecord } from '../../people';

/** The five working groups of the network and their workstreams, from the domain brief. */
export const demoGroups: Array<Omit<GroupRecord, 'createdAt'>> = [
  {
    slug: 'reunionite',
    title: 'La réunionite, elle est finite',
    theme: 'Moins de réunions, de meilleures réunions',
    order: 1,
    workstreams: [{ slug: 'outils-et-charte', title: 'Outils et charte' }],
  },
  {
    slug: 'bon-accueil',
    title: 'Bon accueil, pas d’écueil',
    theme: 'Bien accueillir les nouveaux cadres',
    order: 2,
    workstreams: [
      { slug: 'jnr', title: 'JNR – parcours d’intégration' },
      { slug: 'outils-accueil', title: 'Outils d’accueil' },
      { slug: 'livret-accueil', title: 'Livret d’accueil' },
    ],
  },
  {
    slug: 'gps',
    title: 'La GPS',
    theme: 'Compétences et formation',
    order: 3,
    workstreams: [
      { slug: 'kit-gps', title: 'Formation action de référents GPS – création du kit GPS' },
      { slug: 'plan-formation', title: 'Plan de formation' },
      { slug: 'formation-de-tous', title: 'Formation de tous' },
    ],
  },
  {
    slug: 'trans',
    title: 'Entrez dans la trans’',
    theme: 'Travailler en transversalité entre services',
    order: 4,
    workstreams: [
      { slug: 'intranet', title: 'Intranet' },
      { slug: 'cartographie-reseaux', title: 'Cartographie des réseaux' },
      { slug: 'info-flash', title: 'Info Flash' },
      { slug: 'temps-partages', title: 'Temps partagés' },
    ],
  },
  {
    slug: 'temps-perdu',
    title: 'À la recherche du temps perdu',
    theme: 'Les outils et habitudes qui font perdre du temps',
    order: 5,
    workstreams: [
      { slug: 'inventaire-outils', title: 'Inventaire des outils' },
      { slug: 'outils-mangeurs-de-temps', title: 'Outils mangeurs de temps' },
    ],
  },
];
