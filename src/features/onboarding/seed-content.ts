import type { PathStep } from './path-progress';
import type { BookletSection } from './repository';

/**
 * Starting content of the integration path and the welcome booklet, written from the domain
 * brief. It belongs to the "Bon accueil, pas d'écueil" group: coordinators edit it in Teams
 * (`parcours modifier`, `livret modifier`), and the seed never overwrites their edits.
 */
export const initialSteps: PathStep[] = [
  {
    slug: 'lire-livret',
    order: 1,
    title: 'Lire le livret d’accueil',
    description:
      'Le réseau, ses valeurs, ses cinq groupes, qui contacter et le glossaire des sigles de la Ville : tapez **livret** pour le parcourir à votre rythme.',
    dueDay: 3,
    involves: [],
  },
  {
    slug: 'completer-profil',
    order: 2,
    title: 'Compléter mon profil iX',
    description:
      'Organisation, direction, site, métier et date d’arrivée : tapez **profil**. Votre référent·e RH saura ainsi où et comment vous accueillir.',
    dueDay: 3,
    involves: [],
  },
  {
    slug: 'point-responsable',
    order: 3,
    title: 'Faire un premier point avec mon ou ma responsable',
    description:
      'Les attentes des premiers mois, les interlocuteurs clés de votre direction et les rituels de l’équipe. Notez vos questions au fil de l’eau.',
    dueDay: 7,
    involves: ['manager'],
  },
  {
    slug: 'rencontrer-referent-rh',
    order: 4,
    title: 'Rencontrer mon ou ma référent·e RH',
    description:
      'Un échange d’une heure pour faire connaissance, parler de votre arrivée, de la formation et de vos besoins. Il ou elle vous propose un créneau ; sinon, écrivez-lui.',
    dueDay: 10,
    involves: ['hrReferent'],
  },
  {
    slug: 'decouvrir-groupes',
    order: 5,
    title: 'Découvrir les cinq groupes et en rejoindre un',
    description:
      'Réunions, accueil, compétences, transversalité, temps perdu : tapez **groupes**. L’adhésion est libre et sans hiérarchie, vous pouvez changer d’avis à tout moment.',
    dueDay: 21,
    involves: ['lead'],
  },
  {
    slug: 'lire-fiche-mission',
    order: 6,
    title: 'Lire la fiche mission d’un groupe',
    description:
      'Objectif, livrables, calendrier, pilotes : la fiche mission dit ce que fait un groupe et comment y contribuer. Ouvrez-la depuis la carte des groupes.',
    dueDay: 30,
    involves: ['lead'],
  },
  {
    slug: 'premiere-info-flash',
    order: 7,
    title: 'Recevoir ma première Info Flash',
    description:
      'Les brèves du réseau arrivent chaque semaine dans le canal iX. Lisez la première, et n’hésitez pas à proposer vous-même une brève sur votre service.',
    dueDay: 30,
    involves: ['network'],
  },
  {
    slug: 'journee-nouveaux-recrutes',
    order: 8,
    title: 'Participer à la Journée des nouveaux recrutés (JNR)',
    description:
      'Une journée pour découvrir la Ville, ses sites et ses métiers, et rencontrer la direction générale et les autres nouveaux cadres. La date vous est communiquée par votre référent·e RH.',
    link: 'https://intranet.orleans.example/jnr',
    dueDay: 60,
    involves: ['hrReferent', 'coordination'],
  },
  {
    slug: 'bilan-trois-mois',
    order: 9,
    title: 'Faire le bilan de mes trois premiers mois',
    description:
      'Ce qui vous a aidé, ce qui vous a manqué : vos retours améliorent le parcours des suivants. Un court échange avec votre référent·e RH et votre responsable.',
    dueDay: 90,
    involves: ['hrReferent', 'manager'],
  },
];

/**
 * The meetup step (features/meetups): ticked when the newcomer says they met the experienced
 * manager iX paired them with (`meetup:held`). Seeded on its own, so databases seeded before
 * meetups existed get it once too.
 */
export const meetupStep: PathStep = {
  slug: 'rencontre-inter-services',
  order: 10,
  title: 'Rencontrer un·e cadre d’un autre service',
  description:
    'Tapez **rencontres** : iX vous présente un·e cadre expérimenté·e d’une autre direction, le temps d’un café. Répondez « Oui » quand vous vous êtes vus, l’étape se coche toute seule.',
  dueDay: 45,
  involves: ['network'],
};

export const initialSections: BookletSection[] = [
  {
    slug: 'le-reseau',
    order: 1,
    title: 'Le réseau iX',
    body: [
      'Bienvenue ! **iX (Innovation – Management)** est le réseau interne des cadres de la Ville d’Orléans. Il est né d’une envie simple : communiquer pour mieux travailler ensemble.',
      'La Ville, c’est **120 000 habitants**, **2 600 agents**, **200 sites** et **200 métiers**. Ses **350 cadres** travaillent souvent loin les uns des autres : le réseau crée les occasions de se connaître, de s’entraider et de faire avancer des projets communs. Aujourd’hui, **146 cadres** y participent activement, soit 42 % d’entre eux, et le réseau s’ouvre aux cadres de la Métropole.',
      '**Ce que le réseau vous apporte**\n- des collègues d’autres directions à qui poser vos questions ;\n- des groupes de travail où vos idées deviennent des projets ;\n- des temps conviviaux pour souffler et partager ;\n- une voix pour faire évoluer le management à la Ville.',
      '**Nos principes** : l’adhésion est volontaire ; il n’y a pas de hiérarchie dans le réseau ; la démarche part du terrain ; le pilotage cadre sans imposer. Chaque groupe tient une fiche mission et suit un calendrier défini. La direction générale soutient la démarche et laisse la place aux initiatives.',
    ].join('\n\n'),
  },
  {
    slug: 'nos-valeurs',
    order: 2,
    title: 'Nos valeurs',
    body: [
      'Cinq valeurs guident le réseau. Notre maître mot : **oser**.',
      '- **Audace** : proposer, essayer, quitte à se tromper. Une idée d’un cadre de terrain vaut celle d’un directeur.\n- **Innovation** : chercher d’autres façons de faire, dans nos outils comme dans nos pratiques.\n- **Bienveillance** : écouter sans juger, s’entraider, accueillir chacun tel qu’il arrive.\n- **Convivialité** : se rencontrer pour de vrai, autour d’un café comme d’un projet.\n- **Efficacité** : des actions concrètes, un calendrier tenu, des résultats visibles.',
      'Ces valeurs s’appliquent aussi au bot : si quelque chose vous semble compliqué, dites-le à la coordination iX.',
    ].join('\n\n'),
  },
  {
    slug: 'les-groupes',
    order: 3,
    title: 'Comment fonctionnent les groupes',
    body: [
      'Le réseau s’organise en **cinq groupes**, un par grand projet :',
      '- **La réunionite, elle est finite** : moins de réunions, de meilleures réunions (outils et charte).\n- **Bon accueil, pas d’écueil** : bien accueillir les nouveaux cadres (JNR, parcours d’intégration, outils et livret d’accueil).\n- **La GPS** : compétences et formation (kit des référents GPS, plan de formation, formation de tous).\n- **Entrez dans la trans’** : travailler entre services (intranet, cartographie des réseaux, Info Flash, temps partagés).\n- **À la recherche du temps perdu** : traquer les outils et habitudes qui font perdre du temps.',
      '**Qui fait quoi** : chaque groupe a un ou deux **pilotes** (chefs de projet) et un ou deux **référents RH**. Les membres choisissent librement leur groupe et peuvent en changer. Chaque groupe tient une **fiche mission** : objectif, contexte, livrables, calendrier, membres.',
      '**Le pilotage** : une **coordination** animée par la DRH fait le lien entre les groupes. Le **comité technique restreint** (coordination et référent RH) prépare ; le **comité technique élargi** (avec les pilotes et les référents RH) suit les projets ; le **COPIL** (direction générale et comité technique élargi) arbitre et soutient.',
      'Pour rejoindre un groupe, tapez **groupes** puis cliquez sur **Rejoindre**.',
    ].join('\n\n'),
  },
  {
    slug: 'qui-contacter',
    order: 4,
    title: 'Qui contacter',
    body: [
      '- **Votre référent·e RH** : votre premier contact pour l’accueil, la formation, les questions de carrière. Il ou elle suit votre parcours d’intégration.\n- **Votre responsable** : pour l’organisation de votre service, vos objectifs et vos priorités.\n- **La coordination iX** (à la DRH) : pour tout ce qui touche au réseau, aux groupes et au bot.\n- **Les pilotes des groupes** : pour contribuer à un projet ou proposer une idée.\n- **Les autres cadres** : le réseau est fait pour ça, n’hésitez pas à écrire à un collègue d’une autre direction.',
      '**Dans Teams**, écrivez-moi : **parcours** pour votre parcours d’intégration, **livret** pour ce livret, **groupes** pour les groupes, **profil** pour votre profil, **aide** pour tout le reste.',
    ].join('\n\n'),
  },
  {
    slug: 'infos-pratiques',
    order: 5,
    title: 'Infos pratiques',
    body: [
      '**Vos premiers jours**\n- Votre badge, votre poste informatique et vos accès sont préparés par votre direction avec la DSI ; en cas de souci, appelez l’assistance informatique.\n- L’intranet rassemble les notes de service, l’annuaire, les procédures et les formulaires RH.\n- Votre messagerie et Teams sont vos outils de tous les jours : le canal iX y publie l’Info Flash chaque semaine.',
      '**Temps de travail** : horaires, télétravail, congés et compte épargne-temps (CET) suivent le règlement du temps de travail de la Ville ; votre responsable et votre référent·e RH vous l’expliquent.',
      '**Formation** : le plan de formation est publié sur l’intranet ; les formations du CNFPT s’y ajoutent. Les nouveaux cadres bénéficient d’un accompagnement à la prise de poste.',
      '**Restauration et vie sur site** : selon votre site, un restaurant administratif ou des titres-restaurant ; les associations du personnel proposent aussi des activités.',
    ].join('\n\n'),
  },
  {
    slug: 'glossaire',
    order: 6,
    title: 'Glossaire des sigles',
    body: [
      'La Ville parle beaucoup en sigles. Les plus courants :',
      '- **ASVP** : agent de surveillance de la voie publique\n- **ATSEM** : agent territorial spécialisé des écoles maternelles\n- **BP** : budget primitif (voté en début d’année)\n- **CCAS** : centre communal d’action sociale\n- **CET** : compte épargne-temps\n- **CM** : conseil municipal\n- **CNFPT** : Centre national de la fonction publique territoriale (formation)\n- **COPIL** : comité de pilotage (ici, celui du réseau iX)\n- **CST** : comité social territorial\n- **CTM** : centre technique municipal\n- **DGA** : directeur ou directrice général·e adjoint·e\n- **DGS** : directeur ou directrice général·e des services\n- **DM** : décision modificative (du budget)\n- **DRH** : direction des ressources humaines\n- **DSI** : direction des systèmes d’information\n- **DSP** : délégation de service public\n- **EPCI** : établissement public de coopération intercommunale (comme la Métropole)\n- **ERP** : établissement recevant du public\n- **GPS** : le groupe iX consacré aux compétences et à la formation\n- **JNR** : Journée des nouveaux recrutés\n- **PLU** : plan local d’urbanisme\n- **RIFSEEP** : régime indemnitaire des fonctionnaires\n- **RTT** : réduction du temps de travail',
      'Un sigle manque ? Signalez-le à la coordination iX, qui complétera ce glossaire.',
    ].join('\n\n'),
  },
];
