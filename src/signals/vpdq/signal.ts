import { compareVpdq } from './match.js';
import { formatVpdqText, parseVpdq } from './frames.js';

/**
 * The `vpdq` signal type: values are normalised to the reference's text format (one
 * `frame,quality,hex,timestamp` line per frame; HMA JSON frames get their position as frame number). The
 * distance of two videos is 100 minus the smaller of the two matched-frame percentages (0 = every usable
 * frame of both sides matched), so `maxDistance` 20 is the default 80 %/80 % rule.
 */
export const VPDQ_SIGNAL = {
  name: 'vpdq',
  maxDistance: 20,
  parse(value: string): string {
    return formatVpdqText(parseVpdq(value));
  },
  distance(a: string, b: string): number {
    const c = compareVpdq(parseVpdq(a), parseVpdq(b));
    return Math.round(100 - Math.min(c.queryPercent, c.comparePercent));
  },
} as const;
