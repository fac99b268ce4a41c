import type { ReportStrings } from './en.js';

/** Deutsche Texte des Übermittlungsberichts. */
export const de: ReportStrings = {
  title: 'Übermittlungspaket',
  summary: 'Zusammenfassung',
  summaryText:
    'Dieses Paket übermittelt {n} Zielkonto/-konten an die zuständigen Behörden von {country}. Es wurde von Vigie {version} aus dem Fall „{case}“ erstellt und von der absendenden Dienststelle signiert.',
  package: 'Paket',
  reference: 'Aktenzeichen',
  sender: 'Absendende Stelle',
  recipient: 'Empfängerland',
  zone: 'Zeitangaben in UTC und in {zone}',
  forced: 'Trotz Ablehnung übermittelt, Begründung: {reason}',
  target: 'Zielperson',
  identifier: 'Kennung',
  names: 'Namen im Zeitverlauf',
  rank: 'Rang und Punktzahl',
  decision: 'Entscheidung',
  reasons: 'Gründe (Faktoren der Punktzahl)',
  attribution: 'Zuordnung zu {country} (Wahrscheinlichkeit {p})',
  ledger: 'Zuordnungsnachweise',
  newContent: 'Erstmals verbreitete neue Inhalte und ihre Verbreitung',
  cluster:
    'Gruppe {id}: {members} Datei(en), zuerst gesehen {first}, in {chats} Chat(s), weitergeteilt von {reposters}',
  none: 'keine',
  timeline: 'Zeitleiste',
  files: 'Dateien nach Hashwert',
  category: 'Kategorie',
  analystCategory: 'von einer Analystin / einem Analysten gesetzt',
  listCategory: 'aus der Hashliste (nicht geprüft)',
  howToVerify: 'Prüfung dieses Pakets',
  verifyText:
    '1. Die Signatur des Tag-Manifests mit dem separat übermittelten öffentlichen Schlüssel prüfen (Fingerabdruck vergleichen):',
  verifyBag: '2. Danach die Manifeste mit einem BagIt-Validator prüfen, zum Beispiel:',
  verifyVigie: 'oder mit Vigie:',
  validated:
    'Der CASE/UCO-Graph (data/case.jsonld) wurde gegen die SHACL-Formen von CASE 1.4.0 geprüft: 0 Verstöße.',
  notValidated: 'Der CASE/UCO-Graph wurde vom Absender nicht geprüft (keine Formen angegeben).',
  page: 'Seite',
};
