import { type Profile, type RoleName } from '../../people';

/**
 * Fictional people of the demo network (never the real names of the seed presentation). The first
 * six are the Playground personas (.m365agentsplayground.yml): same Teams ids and Entra ids.
 */
export interface DemoPerson {
  aadObjectId: string;
  teamsUserId: string;
  displayName: string;
  email: string;
  profile: Profile;
  roles: Array<{ role: RoleName; groupSlug?: string }>;
  groups: string[];
}

const person = (
  number: number,
  teamsName: string,
  displayName: string,
  profile: Profile,
  roles: DemoPerson['roles'],
  groups: string[],
): DemoPerson => ({
  aadObjectId: `00000000-0000-4000-8000-000000000${String(100 + number).padStart(3, '0')}`,
  teamsUserId: `ix-user-${teamsName}`,
  displayName,
  email: `${teamsName}@ix-orleans.example`,
  profile,
  roles,
  groups,
});

const ville = 'Ville d’Orléans';
const agglo = 'Orléans Métropole';
const ccas = 'CCAS d’Orléans';

export const demoOrganisations = [ville, agglo, ccas];

export const demoPeople: DemoPerson[] = [
  person(
    1,
    'camille',
    'Camille Martin',
    {
      organisation: ville,
      direction: 'Direction de la Culture',
      site: 'Médiathèque',
      trade: 'Responsable de service',
    },
    [],
    [],
  ),
  person(
    2,
    'nadia',
    'Nadia Benali',
    {
      organisation: ville,
      direction: 'Direction des Ressources humaines',
      site: 'Hôtel de Ville',
      trade: 'Chargée de développement RH',
      startDate: '2015-09-01',
    },
    [{ role: 'coordinator' }],
    ['bon-accueil', 'trans'],
  ),
  person(
    3,
    'julien',
    'Julien Moreau',
    {
      organisation: ville,
      direction: 'Direction de l’Éducation',
      site: 'Centre municipal',
      trade: 'Chef de service',
      startDate: '2018-03-12',
    },
    [{ role: 'lead', groupSlug: 'bon-accueil' }],
    ['bon-accueil'],
  ),
  person(
    4,
    'sophie',
    'Sophie Lefèvre',
    {
      organisation: ville,
      direction: 'Direction des Ressources humaines',
      site: 'Hôtel de Ville',
      trade: 'Responsable formation',
      startDate: '2012-01-09',
    },
    [
      { role: 'hrReferent', groupSlug: 'bon-accueil' },
      { role: 'hrReferent', groupSlug: 'reunionite' },
    ],
    ['bon-accueil', 'reunionite'],
  ),
  person(
    5,
    'thomas',
    'Thomas Girard',
    {
      organisation: agglo,
      direction: 'Direction des Systèmes d’information',
      site: 'Espace Saint-Marc',
      trade: 'Chef de projet numérique',
      startDate: '2020-06-02',
    },
    [],
    ['gps', 'trans'],
  ),
  person(
    6,
    'elodie',
    'Élodie Rousseau',
    {
      organisation: ville,
      direction: 'Direction générale des services',
      site: 'Hôtel de Ville',
      trade: 'Directrice générale adjointe',
      startDate: '2010-04-19',
    },
    [{ role: 'steering' }],
    [],
  ),
  person(
    7,
    'karim',
    'Karim Haddad',
    {
      organisation: ville,
      direction: 'Direction de l’Espace public',
      site: 'Centre technique municipal',
      trade: 'Responsable d’équipe',
      startDate: '2016-10-03',
    },
    [{ role: 'lead', groupSlug: 'reunionite' }],
    ['reunionite'],
  ),
  person(
    8,
    'isabelle',
    'Isabelle Fontaine',
    {
      organisation: agglo,
      direction: 'Direction des Finances',
      site: 'Espace Saint-Marc',
      trade: 'Responsable budgétaire',
      startDate: '2014-02-17',
    },
    [{ role: 'lead', groupSlug: 'reunionite' }],
    ['reunionite', 'temps-perdu'],
  ),
  person(
    9,
    'marc',
    'Marc Dubois',
    {
      organisation: ville,
      direction: 'Direction des Ressources humaines',
      site: 'Hôtel de Ville',
      trade: 'Responsable compétences',
      startDate: '2011-05-23',
    },
    [
      { role: 'lead', groupSlug: 'gps' },
      { role: 'hrReferent', groupSlug: 'gps' },
    ],
    ['gps'],
  ),
  person(
    10,
    'amelie',
    'Amélie Roux',
    {
      organisation: ccas,
      direction: 'Direction de l’Action sociale',
      site: 'CCAS',
      trade: 'Cheffe de service',
      startDate: '2019-01-07',
    },
    [{ role: 'lead', groupSlug: 'gps' }],
    ['gps', 'bon-accueil'],
  ),
  person(
    11,
    'vincent',
    'Vincent Lambert',
    {
      organisation: agglo,
      direction: 'Direction de la Communication',
      site: 'Espace Saint-Marc',
      trade: 'Responsable éditorial',
      startDate: '2017-09-11',
    },
    [{ role: 'lead', groupSlug: 'trans' }],
    ['trans'],
  ),
  person(
    12,
    'chloe',
    'Chloé Mercier',
    {
      organisation: ville,
      direction: 'Direction des Ressources humaines',
      site: 'Hôtel de Ville',
      trade: 'Gestionnaire carrières',
      startDate: '2021-03-01',
    },
    [
      { role: 'hrReferent', groupSlug: 'trans' },
      { role: 'hrReferent', groupSlug: 'temps-perdu' },
    ],
    ['trans'],
  ),
  person(
    13,
    'paul',
    'Paul Garnier',
    {
      organisation: ville,
      direction: 'Direction des Sports',
      site: 'Palais des sports',
      trade: 'Responsable d’équipement',
      startDate: '2013-11-04',
    },
    [{ role: 'lead', groupSlug: 'temps-perdu' }],
    ['temps-perdu'],
  ),
  person(
    14,
    'lea',
    'Léa Chevalier',
    {
      organisation: agglo,
      direction: 'Direction de l’Eau et de l’Assainissement',
      site: 'Usine des eaux',
      trade: 'Ingénieure',
      startDate: '2022-09-05',
    },
    [],
    ['temps-perdu', 'gps'],
  ),
  person(
    15,
    'nicolas',
    'Nicolas Perrin',
    {
      organisation: ville,
      direction: 'Direction de la Culture',
      site: 'Musée des Beaux-Arts',
      trade: 'Responsable des publics',
      startDate: '2016-04-25',
    },
    [],
    ['trans'],
  ),
  person(
    16,
    'sarah',
    'Sarah Blanc',
    {
      organisation: ccas,
      direction: 'Direction de l’Action sociale',
      site: 'CCAS',
      trade: 'Responsable d’établissement',
      startDate: '2018-08-27',
    },
    [],
    ['bon-accueil'],
  ),
  person(
    17,
    'hugo',
    'Hugo Faure',
    {
      organisation: ville,
      direction: 'Direction de l’Urbanisme',
      site: 'Centre municipal',
      trade: 'Chef de projet',
      startDate: '2020-01-13',
    },
    [],
    ['reunionite'],
  ),
  person(
    18,
    'manon',
    'Manon Giraud',
    {
      organisation: agglo,
      direction: 'Direction des Mobilités',
      site: 'Espace Saint-Marc',
      trade: 'Cheffe de service',
      startDate: '2019-06-17',
    },
    [],
    ['gps', 'trans'],
  ),
  person(
    19,
    'antoine',
    'Antoine Bonnet',
    {
      organisation: ville,
      direction: 'Direction de l’Éducation',
      site: 'Groupe scolaire',
      trade: 'Responsable de secteur',
      startDate: '2023-02-06',
    },
    [],
    [],
  ),
  person(
    20,
    'ines',
    'Inès Lopez',
    {
      organisation: ville,
      direction: 'Direction de la Police municipale',
      site: 'Hôtel de police',
      trade: 'Cheffe de brigade',
      startDate: '2021-11-15',
    },
    [],
    ['temps-perdu'],
  ),
  person(
    21,
    'olivier',
    'Olivier Marchand',
    {
      organisation: agglo,
      direction: 'Direction des Déchets',
      site: 'Centre de tri',
      trade: 'Responsable d’exploitation',
      startDate: '2015-03-30',
    },
    [],
    ['reunionite', 'gps'],
  ),
  person(
    22,
    'julie',
    'Julie Caron',
    {
      organisation: ville,
      direction: 'Direction de la Petite enfance',
      site: 'Multi-accueil',
      trade: 'Coordinatrice',
      startDate: '2017-01-16',
    },
    [],
    ['bon-accueil'],
  ),
];
