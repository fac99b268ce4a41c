/** Shared types of the attribution stage: evidence items, per-actor inputs, results. */

/** Where an evidence item came from. */
export type EvidenceSource =
  | { readonly kind: 'message'; readonly chat: string; readonly message: number }
  | {
      readonly kind: 'messages';
      readonly count: number;
      readonly sample: ReadonlyArray<{ chat: string; message: number }>;
    }
  | { readonly kind: 'returnRow'; readonly source: string; readonly line: number }
  | { readonly kind: 'media'; readonly sha256: string }
  | { readonly kind: 'name'; readonly name: string; readonly source: string };

/** The signals Vigie knows; `origin` signals say where someone is from, `residence` where they live. */
export type SignalName = 'language' | 'timezone' | 'phone' | 'ip' | 'exif' | 'place' | 'flag';

/** What each signal points to (reported separately: expats are where they disagree). */
export const SIGNAL_KIND: Readonly<Record<SignalName, 'origin' | 'residence'>> = {
  language: 'origin',
  flag: 'origin',
  place: 'residence',
  timezone: 'residence',
  phone: 'residence',
  ip: 'residence',
  exif: 'residence',
};

/**
 * One line of evidence: P(observation | country) for the countries it favours (`countries`, values in [0, 1],
 * absent = `otherwise`), the reliability floor α (probability the signal misleads), the background Q(obs | lies)
 * (`background`), and the tempering weight w ∈ (0, 1].
 */
export interface EvidenceItem {
  readonly signal: SignalName;
  /** Human-readable observation: "phone +380… (UA, MOBILE)". */
  readonly value: string;
  readonly countries: Readonly<Record<string, number>>;
  /** P(obs | c) for countries not listed in `countries`. */
  readonly otherwise: number;
  /** α: probability that this observation is misleading. */
  readonly alpha: number;
  /** Q(obs): probability of this observation when the signal misleads (does not depend on the country). */
  readonly background: number;
  /** w: tempering weight for dependent or repeated evidence. */
  readonly weight: number;
  readonly source: EvidenceSource;
  /** Flags shown to the analyst: 'vpn', 'anonymous', 'voip', 'disputed', 'near-border', … */
  readonly flags?: readonly string[];
  /** α as the extractor set it, when `alpha` was tempered by the reliability the case showed (reliability.ts). */
  readonly specAlpha?: number;
}

/** An evidence item as reported: with its log-likelihood ratio between the top two countries. */
export interface ReportedEvidence {
  readonly signal: SignalName;
  readonly kind: 'origin' | 'residence';
  readonly value: string;
  /** 1 − α used (after the case's reliability estimate, when there was one). */
  readonly reliability: number;
  /** 1 − α as the extractor set it (the spec's value). */
  readonly specReliability: number;
  readonly weight: number;
  /** Countries this item favours, with P(obs | c). */
  readonly countries: Readonly<Record<string, number>>;
  /** w·(log2 L(c1) − log2 L(c2)) in bits between the top two candidates (positive favours the top). */
  readonly bits: number;
  /** 2^bits: "× N more likely" (tempered: with the reliability used). */
  readonly likelihoodRatio: number;
  /** Bits and likelihood ratio with the spec's α (before tempering by the case's reliability). */
  readonly rawBits: number;
  readonly rawLikelihoodRatio: number;
  readonly source: EvidenceSource;
  readonly flags: readonly string[];
}

/** A candidate country with its posterior probability (calibrated when a calibration map was applied). */
export interface Candidate {
  readonly country: string;
  readonly probability: number;
  /** The posterior before calibration. */
  readonly raw?: number;
  /** The population prior π(c) the posterior used. */
  readonly prior?: number;
}

/** The attribution of one actor. `country` is null when Vigie abstains. */
export interface Attribution {
  readonly actor: string;
  readonly country: string | null;
  readonly probability: number;
  readonly abstained: boolean;
  /** Why Vigie abstained, when it did. */
  readonly reason: string | null;
  readonly candidates: readonly Candidate[];
  /** Posterior from origin signals only (language, flags), when they exist. */
  readonly origin: Candidate | null;
  readonly evidence: readonly ReportedEvidence[];
}

/** A message of the actor, as attribution needs it. */
export interface AttributionMessage {
  readonly chat: string;
  readonly message: number;
  readonly dateUtc: number | null;
  readonly text: string | null;
}

/** A phone number with where it came from, and the country the source states for national numbers (if any). */
export interface PhoneObservation {
  readonly number: string;
  readonly statedCountry?: string | null;
  readonly source: EvidenceSource;
  /** 'own' (contact card of the actor, return row) or 'matched' (a contact card whose name matches the actor). */
  readonly how: 'return' | 'own-contact' | 'matched-contact';
}

/** An IP address seen by the platform (legal-process return). */
export interface IpObservation {
  readonly ip: string;
  readonly source: EvidenceSource;
}

/** A GPS point read from EXIF of media the actor sent. */
export interface GpsObservation {
  readonly lat: number;
  readonly lon: number;
  readonly source: EvidenceSource;
}

/** Everything known about one actor that attribution reads. */
export interface ActorSignals {
  readonly actor: string;
  readonly messages: readonly AttributionMessage[];
  readonly names: ReadonlyArray<{ name: string; source: string }>;
  readonly phones: readonly PhoneObservation[];
  readonly ips: readonly IpObservation[];
  readonly gps: readonly GpsObservation[];
}
