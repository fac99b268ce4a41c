/** English strings of the referral report. */
export const en = {
  title: 'Referral package',
  summary: 'Summary',
  summaryText:
    'This package refers {n} target account(s) to the competent authorities of {country}. It was built by Vigie {version} from the case "{case}" and is signed by the sending unit.',
  package: 'Package',
  reference: 'Reference',
  sender: 'Sending organisation',
  recipient: 'Recipient country',
  zone: 'Dates are given in UTC and in {zone}',
  forced: 'Referred despite a refusal, for this reason: {reason}',
  target: 'Target',
  identifier: 'Identifier',
  names: 'Names over time',
  rank: 'Rank and score',
  decision: 'Decision',
  reasons: 'Reasons (score factors)',
  attribution: 'Attribution to {country} (probability {p})',
  ledger: 'Attribution ledger (evidence)',
  newContent: 'New content originated and its spread',
  cluster:
    'cluster {id}: {members} file(s), first seen {first}, reached {chats} chat(s), reposted by {reposters}',
  none: 'none',
  timeline: 'Timeline',
  files: 'Files by hash',
  category: 'category',
  analystCategory: 'set by an analyst',
  listCategory: 'from the matched hash list (not reviewed)',
  howToVerify: 'How to verify this package',
  verifyText:
    '1. Check the signature of the tag manifest with the public key delivered separately (compare its fingerprint):',
  verifyBag: '2. Then check the manifests with any BagIt validator, for example:',
  verifyVigie: 'or, with Vigie:',
  validated:
    'The CASE/UCO graph (data/case.jsonld) was validated against the CASE 1.4.0 SHACL shapes: 0 violations.',
  notValidated: 'The CASE/UCO graph was not validated by the sender (no shapes given).',
  page: 'Page',
} as const;

/** The keys every language defines. */
export type ReportStrings = { readonly [K in keyof typeof en]: string };
