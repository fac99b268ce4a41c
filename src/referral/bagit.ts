import { createHash, sign, type KeyObject } from 'node:crypto';
import { AppError } from '../domain/errors.js';

/**
 * BagIt 1.0 (RFC 8493) from plain data: the tag files of a bag over a given payload, deterministic (entries sorted by
 * path, LF line endings, UTF-8, nothing time-dependent but Bagging-Date), and its Ed25519 detached signature.
 */

/** One file of a bag: its path relative to the bag (POSIX separators) and its bytes. */
export interface BagFile {
  readonly path: string;
  readonly bytes: Buffer;
}

/** What `bag-info.txt` says about the bag (RFC 8493 §2.2.2 reserved labels, plus Vigie's own). */
export interface BagInfo {
  readonly sourceOrganization: string;
  readonly contactName?: string;
  readonly contactEmail?: string;
  readonly externalIdentifier: string;
  /** YYYY-MM-DD (UTC): the only date in the bag. */
  readonly baggingDate: string;
  readonly caseReference: string;
  /** Further `Label: value` lines, in the order given. */
  readonly extra?: readonly (readonly [string, string])[];
}

/** The hash algorithms of the manifests, in the order they are written. */
export const BAG_ALGORITHMS = ['sha256', 'sha512'] as const;

/** One of the manifests' algorithms. */
export type BagAlgorithm = (typeof BAG_ALGORITHMS)[number];

/** The file the signature covers, the signature and the public key beside it. */
export const SIGNED_FILE = 'tagmanifest-sha512.txt';
/** The raw 64-byte Ed25519 signature of SIGNED_FILE. */
export const SIGNATURE_FILE = 'tagmanifest-sha512.txt.sig';
/** The signer's public key (SPKI PEM). */
export const SIGNER_FILE = 'signer.pem';

/** The hex digest of bytes. */
export function digestOf(alg: BagAlgorithm, bytes: Buffer): string {
  return createHash(alg).update(bytes).digest('hex');
}

/** A path as a manifest writes it: `%`, CR and LF percent-encoded (RFC 8493 §2.1.3). */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The path a manifest line names, decoded. */
export function decodeManifestPath(encoded: string): string {
  return encoded.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
}

/** A manifest: one `<hex digest>  <path>` line per file, sorted by path. */
export function manifestOf(alg: BagAlgorithm, files: readonly BagFile[]): Buffer {
  const lines = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${digestOf(alg, f.bytes)}  ${encodeManifestPath(f.path)}\n`);
  return Buffer.from(lines.join(''), 'utf8');
}

/** A bag-info value on one line (no CR/LF; BagIt folds long lines but never needs to). */
const oneLine = (v: string): string => v.replace(/[\r\n]+/g, ' ').trim();

/** `bag-info.txt` for a payload. */
export function bagInfoOf(info: BagInfo, payload: readonly BagFile[]): Buffer {
  const octets = payload.reduce((n, f) => n + f.bytes.length, 0);
  const lines: [string, string][] = [['Source-Organization', info.sourceOrganization]];
  if (info.contactName) lines.push(['Contact-Name', info.contactName]);
  if (info.contactEmail) lines.push(['Contact-Email', info.contactEmail]);
  lines.push(
    ['External-Identifier', info.externalIdentifier],
    ['Bagging-Date', info.baggingDate],
    ['Payload-Oxum', `${octets}.${payload.length}`],
    ['Internal-Sender-Identifier', info.caseReference],
    ...(info.extra ?? []).map(([k, v]): [string, string] => [k, v]),
  );
  return Buffer.from(lines.map(([k, v]) => `${k}: ${oneLine(v)}\n`).join(''), 'utf8');
}

/** The bag declaration. */
export const BAGIT_TXT = Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', 'utf8');

/**
 * Every file of the bag over `payload` (paths under `data/`): payload, bagit.txt, bag-info.txt, both manifests,
 * signer.pem, both tag manifests (which list every tag file but the tag manifests and the signature), and the
 * signature of tagmanifest-sha512.txt. Sorted by path.
 */
export function buildBag(
  payload: readonly BagFile[],
  info: BagInfo,
  signer: { privateKey: KeyObject; publicKeyPem: string },
): BagFile[] {
  for (const f of payload)
    if (!f.path.startsWith('data/'))
      throw new AppError('INTERNAL', `${f.path}: a payload file lives under data/`);
  const tags: BagFile[] = [
    { path: 'bagit.txt', bytes: BAGIT_TXT },
    { path: 'bag-info.txt', bytes: bagInfoOf(info, payload) },
    ...BAG_ALGORITHMS.map((alg) => ({ path: `manifest-${alg}.txt`, bytes: manifestOf(alg, payload) })),
    { path: SIGNER_FILE, bytes: Buffer.from(signer.publicKeyPem, 'utf8') },
  ];
  const tagManifests = BAG_ALGORITHMS.map((alg) => ({
    path: `tagmanifest-${alg}.txt`,
    bytes: manifestOf(alg, tags),
  }));
  const signed = tagManifests.find((t) => t.path === SIGNED_FILE)!;
  const signature = { path: SIGNATURE_FILE, bytes: sign(null, signed.bytes, signer.privateKey) };
  return [...payload, ...tags, ...tagManifests, signature].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
}
