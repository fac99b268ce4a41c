import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson, sha256Hex } from './canonical.js';

/** One line of an anchor journal: a case's audit head as it stood after a command (ADR 0011). */
export const AnchorLineSchema = z.object({
  v: z.literal(1),
  /** The case id: SHA-256 of the case's first audit event (`init`). */
  case: z.string().regex(/^[0-9a-f]{64}$/),
  seq: z.number().int().positive(),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  user: z.string(),
  /** The command of the head event. */
  command: z.string(),
  /** The case folder's absolute path when anchored. */
  dir: z.string(),
  /** SHA-256 fingerprint (hex) of the signing key's SPKI DER, when signed. */
  key: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** The signing key's public key, SPKI DER in base64, when signed. */
  pub: z.string().optional(),
  /** Ed25519 signature (base64) over the canonical JSON of every other field, when signed. */
  sig: z.string().optional(),
});

/** One anchor journal line. */
export type AnchorLine = z.infer<typeof AnchorLineSchema>;

/** A key that signs anchors: its private key and the public parts written into each line. */
export interface SigningKey {
  readonly name: string;
  readonly fingerprint: string;
  readonly privateKey: KeyObject;
  /** SPKI DER, base64. */
  readonly publicDer: string;
}

/** The SHA-256 fingerprint (lowercase hex) of a public key's SPKI DER encoding. */
export function keyFingerprint(spkiDer: Uint8Array): string {
  return sha256Hex(spkiDer);
}

/** The bytes a signature covers: canonical JSON of the line without its `sig`. */
export function anchorPayload(line: AnchorLine): Buffer {
  const rest: Record<string, unknown> = { ...line };
  delete rest['sig'];
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** Sign an unsigned line with a key (adds key, pub and sig). */
export function signAnchor(line: AnchorLine, key: SigningKey): AnchorLine {
  const withKey: AnchorLine = { ...line, key: key.fingerprint, pub: key.publicDer };
  const sig = sign(null, anchorPayload(withKey), key.privateKey).toString('base64');
  return { ...withKey, sig };
}

/** Why a signed line does not verify, or null when it does (an unsigned line is not checked here). */
export function anchorSignatureProblem(line: AnchorLine): string | null {
  if (line.sig === undefined && line.key === undefined && line.pub === undefined) return null;
  if (line.sig === undefined || line.key === undefined || line.pub === undefined) {
    return 'signature, key fingerprint and public key must appear together';
  }
  try {
    const pub = publicKeyOf(line.pub);
    if (pub.fingerprint !== line.key) return `public key does not match fingerprint ${line.key}`;
    if (pub.key.asymmetricKeyType !== 'ed25519') return 'public key is not Ed25519';
    const ok = verify(null, anchorPayload(line), pub.key, Buffer.from(line.sig, 'base64'));
    return ok ? null : `signature by key ${line.key} does not verify`;
  } catch (e) {
    return `signature cannot be checked: ${(e as Error).message}`;
  }
}

const publicKeys = new Map<string, { key: KeyObject; fingerprint: string }>();

/** A line's public key, parsed once per distinct value (a journal repeats one or two keys). */
function publicKeyOf(pubB64: string): { key: KeyObject; fingerprint: string } {
  let k = publicKeys.get(pubB64);
  if (k === undefined) {
    const der = Buffer.from(pubB64, 'base64');
    k = { key: createPublicKey({ key: der, format: 'der', type: 'spki' }), fingerprint: keyFingerprint(der) };
    publicKeys.set(pubB64, k);
  }
  return k;
}
