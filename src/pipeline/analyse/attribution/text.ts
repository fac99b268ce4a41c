/** Text clean-up before language identification and place matching. */

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION = /[@#][\p{L}\p{N}_]+/gu;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u{FE0F}|\u{200D}|[\u{E0020}-\u{E007F}]/gu;
const DIGITS = /[\p{N}]+/gu;
const SPACES = /\s+/gu;
const LETTER = /\p{L}/gu;

/** Strip URLs, @mentions/#tags, emoji and digits; collapse spaces. */
export function cleanText(text: string): string {
  return text
    .replace(URL, ' ')
    .replace(MENTION, ' ')
    .replace(EMOJI, ' ')
    .replace(DIGITS, ' ')
    .replace(SPACES, ' ')
    .trim();
}

/** Number of letters in a string. */
export function letterCount(text: string): number {
  return text.match(LETTER)?.length ?? 0;
}

/** Fold for matching: NFD, drop combining marks, lower case (locale-independent). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
