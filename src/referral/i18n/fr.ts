import type { ReportStrings } from './en.js';

/** Chaînes françaises du rapport de signalement. */
export const fr: ReportStrings = {
  title: 'Dossier de signalement',
  summary: 'Résumé',
  summaryText:
    'Ce dossier signale {n} compte(s) cible(s) aux autorités compétentes de {country}. Il a été produit par Vigie {version} à partir de l’affaire « {case} » et il est signé par l’unité émettrice.',
  package: 'Dossier',
  reference: 'Référence',
  sender: 'Service émetteur',
  recipient: 'Pays destinataire',
  zone: 'Les dates sont données en UTC et en heure de {zone}',
  forced: 'Signalé malgré un refus, pour ce motif : {reason}',
  target: 'Cible',
  identifier: 'Identifiant',
  names: 'Noms successifs',
  rank: 'Rang et score',
  decision: 'Décision',
  reasons: 'Motifs (facteurs du score)',
  attribution: 'Attribution à {country} (probabilité {p})',
  ledger: 'Registre d’attribution (éléments de preuve)',
  newContent: 'Contenus nouveaux publiés en premier et leur diffusion',
  cluster:
    'groupe {id} : {members} fichier(s), vu le {first}, diffusé dans {chats} discussion(s), repartagé par {reposters}',
  none: 'aucun',
  timeline: 'Chronologie',
  files: 'Fichiers par empreinte',
  category: 'catégorie',
  analystCategory: 'fixée par un analyste',
  listCategory: 'issue de la liste d’empreintes (non revue)',
  howToVerify: 'Comment vérifier ce dossier',
  verifyText:
    '1. Vérifier la signature du manifeste des étiquettes avec la clé publique transmise séparément (comparer son empreinte) :',
  verifyBag: '2. Puis vérifier les manifestes avec un validateur BagIt, par exemple :',
  verifyVigie: 'ou, avec Vigie :',
  validated:
    'Le graphe CASE/UCO (data/case.jsonld) a été validé selon les formes SHACL de CASE 1.4.0 : 0 violation.',
  notValidated: 'Le graphe CASE/UCO n’a pas été validé par l’émetteur (formes non fournies).',
  page: 'Page',
};
