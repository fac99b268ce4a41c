// vPDQ (spec pdq.md §8): per-frame PDQ records of a video and their matching. Decoding lives in pipeline/hash.
export * from './frames.js';
export * from './match.js';
export * from './signal.js';
export { hammingWords } from './words.js';
