/** The calendar of the synthetic world (UTC epoch seconds). */
/** One day in seconds. */
export const DAY = 86_400;
/** Main period of activity (UTC epoch seconds). */
export const START = Date.UTC(2024, 0, 8) / 1000;
export const END = Date.UTC(2026, 10, 5) / 1000;
/** Period of the old chat exported in the v2.4 era. */
export const OLD_START = Date.UTC(2020, 8, 14) / 1000;
export const OLD_END = Date.UTC(2021, 2, 16) / 1000;
