// The audit command names of people's decisions: written by their use case, read back by `vigie verify`'s decisions
// check (src/app/verify-decisions.ts), which pairs each decision row with the event of that name that recorded it.
// Stored in every case's audit trail: never renamed.

/** A target decision (`vigie target --decide`, the workbench). */
export const TARGET_DECIDE_COMMAND = 'target decide';

/** A media category, tags or note set in triage. */
export const MEDIA_CATEGORISE_COMMAND = 'media categorise';

/** A signed referral package written (`vigie refer`). */
export const REFER_COMMAND = 'refer';

/** An own undercover account marked or unmarked (`vigie actor --undercover`). */
export const ACTOR_UNDERCOVER_COMMAND = 'actor undercover';
