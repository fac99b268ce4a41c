import { combine, type CombineOptions } from './combine.js';
import { languageEvidence, DEFAULT_LANGUAGES } from './language.js';
import { timezoneEvidence } from './timezone.js';
import { phoneEvidence } from './phone.js';
import { ipEvidence, type IpLookup } from './ip.js';
import { gpsEvidence } from './gps.js';
import { placeEvidence, placeMatcher, DEFAULT_PLACE_LOCALES } from './places.js';
import { flagEvidence } from './flags.js';
import type { ActorSignals, Attribution, EvidenceItem } from './types.js';

/** Settings of an attribution run (all have documented defaults). */
export interface AttributionSettings extends CombineOptions {
  /** Languages eld/tinyld may answer (a deployment item). */
  readonly languages?: readonly string[];
  /** Locales whose country names are matched in text. */
  readonly placeLocales?: readonly string[];
  /** Offline IP database; absent = IPs are recorded without a country. */
  readonly ipLookup?: IpLookup;
  /** Signals to leave out (ablation, or an analyst discarding a signal). */
  readonly exclude?: readonly string[];
}

/** All evidence items for one actor (pure, deterministic order). */
export function extractEvidence(a: ActorSignals, s: AttributionSettings = {}): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const lang = languageEvidence(a.messages, s.languages ?? DEFAULT_LANGUAGES);
  if (lang) items.push(lang);
  const tz = timezoneEvidence(a.messages);
  if (tz) items.push(tz);
  items.push(...phoneEvidence(a.phones));
  if (s.ipLookup) items.push(...ipEvidence(a.ips, s.ipLookup));
  items.push(...gpsEvidence(a.gps));
  items.push(...placeEvidence(a.messages, placeMatcher(s.placeLocales ?? DEFAULT_PLACE_LOCALES)));
  items.push(...flagEvidence(a.names));
  const exclude = new Set(s.exclude ?? []);
  return items.filter((it) => !exclude.has(it.signal));
}

/** Attribute one actor: evidence, then the tempered naive Bayes combination. */
export function attributeActor(a: ActorSignals, s: AttributionSettings = {}): Attribution {
  return combine(a.actor, extractEvidence(a, s), s);
}
