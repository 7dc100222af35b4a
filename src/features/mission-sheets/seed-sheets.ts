import type { SheetContent } from './sheet-content';

/**
 * The demo sheets, one per group of the seed, written from the network's presentation. They are
 * seeded once as version 1 by the coordination; the groups' leads edit them from there.
 */
export const demoSheets: Array<{ groupSlug: string; content: SheetContent }> = [
  {
    groupSlug: 'reunionite',
    content: {
      status: 'active',
      objective:
        'Réunir moins, mieux et plus court : chaque réunion a un ordre du jour, aboutit à une décision et laisse un compte rendu partagé.',
      context:
        'Les cadres passent une part croissante de leur semaine en réunion, souvent sans ordre du jour ni décision à la clé. Cette réunionite use les équipes et grignote le temps passé sur le terrain. Le groupe outille les cadres pour que chaque réunion vaille le déplacement.',
      deliverables: [
        'Charte de la réunion efficace, portée par la direction générale',
        "Kit d'animation : modèles d'ordre du jour et de compte rendu",
        'Mémo « Faut-il vraiment une réunion ? »',
        "Bilan de l'expérimentation dans trois directions pilotes",
      ],
      milestones: [
        { date: '2026-01-20', title: 'Lancement du groupe et diagnostic partagé' },
        { date: '2026-03-31', title: 'Enquête auprès des cadres sur leurs réunions' },
        { date: '2026-06-16', title: 'Charte présentée au COPIL' },
        { date: '2026-10-01', title: 'Expérimentation dans trois directions pilotes' },
        { date: '2027-01-28', title: 'Bilan et diffusion à tout le réseau' },
      ],
    },
  },
  {
    groupSlug: 'bon-accueil',
    content: {
      status: 'active',
      objective:
        "Réussir l'arrivée de chaque nouveau cadre : qu'il se sente attendu dès le premier jour, trouve vite ses repères et rejoigne le réseau iX.",
      context:
        "Un cadre qui arrive à la Ville ou à la Métropole découvre seul une organisation de 200 sites et 200 métiers. La qualité de l'accueil dépend trop de la bonne volonté de chacun. Le groupe construit un parcours d'intégration commun, avec la journée des nouveaux arrivants (JNR) comme temps fort.",
      deliverables: [
        "Parcours d'intégration en étapes, du premier jour au sixième mois",
        "Livret d'accueil des cadres, en ligne et tenu à jour",
        'Journée des nouveaux arrivants (JNR), deux fois par an',
        "Outils d'accueil : binômes entre cadres volontaires, check-list du manager",
      ],
      milestones: [
        { date: '2026-02-10', title: "Recueil des besoins auprès des arrivants de l'année" },
        { date: '2026-04-14', title: 'Première journée des nouveaux arrivants (JNR)' },
        { date: '2026-06-30', title: "Livret d'accueil, version 1" },
        { date: '2026-10-13', title: 'Seconde JNR et lancement des binômes' },
        { date: '2027-03-31', title: 'Bilan du parcours avec les référents RH' },
      ],
    },
  },
  {
    groupSlug: 'gps',
    content: {
      status: 'active',
      objective:
        'Donner à chaque cadre les moyens de faire grandir les compétences de son équipe : des référents formés, un kit GPS, un plan de formation partagé.',
      context:
        'Les métiers de la collectivité évoluent vite et les départs à la retraite emportent des savoir-faire. Beaucoup de cadres se sentent démunis pour anticiper les besoins de compétences de leur équipe. Le groupe forme des référents par la formation-action et met les outils à la portée de tous.',
      deliverables: [
        'Kit GPS : guide, fiches pratiques et trames d’entretien',
        'Réseau de référents GPS formés par la formation-action',
        'Plan de formation des cadres 2027',
        'Module « La GPS pour tous » ouvert à l’ensemble des cadres',
      ],
      milestones: [
        { date: '2026-02-03', title: 'Lancement de la formation-action des référents' },
        { date: '2026-05-29', title: 'Kit GPS, version test' },
        { date: '2026-09-15', title: 'Plan de formation 2027 présenté au COPIL' },
        { date: '2026-12-08', title: 'Première session « La GPS pour tous »' },
        { date: '2027-06-30', title: 'Bilan des référents et mise à jour du kit' },
      ],
    },
  },
  {
    groupSlug: 'trans',
    content: {
      status: 'active',
      objective:
        "Faire travailler les services ensemble : savoir qui fait quoi, partager l'information utile et se retrouver au-delà de son site.",
      context:
        "Répartis sur 200 sites, les cadres se connaissent peu d'une direction à l'autre, et l'information circule mal. Le sentiment d'appartenance s'en ressent. Le groupe ouvre des passerelles entre les services, et prépare l'arrivée des cadres de l'Agglo dans le réseau.",
      deliverables: [
        "Espace iX sur l'intranet",
        'Cartographie des réseaux et des compétences des cadres',
        "Info Flash : l'actualité du réseau en quelques lignes",
        "Temps partagés : une demi-journée d'immersion dans un autre service",
        "Accueil des cadres de l'Agglo dans le réseau",
      ],
      milestones: [
        { date: '2026-03-02', title: 'Premier Info Flash' },
        { date: '2026-05-18', title: "Ouverture de l'espace iX sur l'intranet" },
        { date: '2026-09-30', title: 'Cartographie des réseaux, version 1' },
        { date: '2027-01-15', title: 'Lancement des temps partagés' },
        { date: '2027-04-30', title: "Ouverture du réseau aux cadres de l'Agglo" },
      ],
    },
  },
  {
    groupSlug: 'temps-perdu',
    content: {
      status: 'draft',
      objective:
        'Repérer les outils et les habitudes qui font perdre du temps aux cadres, et proposer de quoi les simplifier ou les remplacer.',
      context:
        "Doubles saisies, applications qui ne se parlent pas, validations en cascade : chacun connaît un « outil mangeur de temps ». Personne n'en a encore fait l'inventaire. Le groupe part du terrain pour chiffrer le temps perdu et proposer des simplifications concrètes.",
      deliverables: [
        'Inventaire des outils numériques utilisés par les cadres',
        'Palmarès des « outils mangeurs de temps » et pistes de simplification',
        'Propositions chiffrées à la direction générale',
      ],
      milestones: [
        { date: '2026-12-15', title: 'Questionnaire aux cadres' },
        { date: '2027-02-26', title: 'Inventaire des outils' },
        { date: '2027-04-29', title: 'Atelier « outils mangeurs de temps »' },
        { date: '2027-06-30', title: 'Propositions à la direction générale' },
      ],
    },
  },
];
