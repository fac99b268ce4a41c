import { AppError } from '../domain/errors.js';
import { VPDQ_SIGNAL } from './vpdq/signal.js';

/** A kind of signal computed from media and carried by hash lists. Its name is stored: never rename one. */
export interface SignalType {
  readonly name: string;
  /** 0 for exact signals, 31 for pdq, 20 for vpdq (100 minus the smaller matched-frame percentage). */
  readonly maxDistance: number;
  /** Normalise a value (lowercase hex) or throw AppError('SIGNAL_INVALID'). */
  parse(value: string): string;
  /** Distance between two normalised values. */
  distance(a: string, b: string): number;
}

const POPCOUNT = new Uint8Array(256).map((_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

/** Hamming distance between two equal-length hex strings. */
export function hammingHex(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 2) {
    d += POPCOUNT[parseInt(a.slice(i, i + 2), 16) ^ parseInt(b.slice(i, i + 2), 16)]!;
  }
  return d;
}

function hexSignal(name: string, hexChars: number, maxDistance: number): SignalType {
  const re = new RegExp(`^[0-9a-f]{${hexChars}}$`);
  return {
    name,
    maxDistance,
    parse(value: string): string {
      const v = value.trim().toLowerCase();
      if (!re.test(v)) {
        throw new AppError(
          'SIGNAL_INVALID',
          `not a ${name} value (expected ${hexChars} hex digits): '${value.slice(0, 80)}'`,
        );
      }
      return v;
    },
    distance: maxDistance === 0 ? (a, b) => (a === b ? 0 : Infinity) : hammingHex,
  };
}

/** The signal types Vigie knows, by name. */
export const SIGNAL_TYPES: ReadonlyMap<string, SignalType> = new Map(
  [
    hexSignal('md5', 32, 0),
    hexSignal('sha1', 40, 0),
    hexSignal('sha256', 64, 0),
    hexSignal('pdq', 64, 31),
    VPDQ_SIGNAL,
  ].map((t) => [t.name, t]),
);

/** Look a signal type up by name or throw SIGNAL_INVALID. */
export function signalType(name: string): SignalType {
  const t = SIGNAL_TYPES.get(name);
  if (!t) throw new AppError('SIGNAL_INVALID', `unknown signal type '${name}'`);
  return t;
}
