import { createPublicKey, verify } from 'node:crypto';
import {
  BAG_ALGORITHMS,
  SIGNATURE_FILE,
  SIGNED_FILE,
  SIGNER_FILE,
  decodeManifestPath,
  digestOf,
  type BagAlgorithm,
} from './bagit.js';

/**
 * The checks of `vigie verify PACKAGE` over a bag's files (read by the caller from a folder or a zip), in order;
 * the first failure is named. Pure: paths and bytes in, a verdict out.
 */

/** The verdict: ok, or the first check that failed and what it found. */
export interface BagVerdict {
  readonly ok: boolean;
  /** Files checked against the payload manifests. */
  readonly payloadFiles: number;
  /** SHA-256 fingerprint of the signer's SPKI key, when the signature verified. */
  readonly signer: string | null;
  readonly failure: { readonly check: string; readonly detail: string } | null;
}

/** The tag files a Vigie bag holds; anything else outside data/ is extra. */
const TAG_FILES = new Set([
  'bagit.txt',
  'bag-info.txt',
  SIGNER_FILE,
  SIGNATURE_FILE,
  ...BAG_ALGORITHMS.flatMap((a) => [`manifest-${a}.txt`, `tagmanifest-${a}.txt`]),
]);

class Failed extends Error {
  constructor(
    readonly check: string,
    readonly detail: string,
  ) {
    super(`${check}: ${detail}`);
  }
}

function need(files: ReadonlyMap<string, Buffer>, path: string): Buffer {
  const b = files.get(path);
  if (!b) throw new Failed('missing-file', `${path}: missing`);
  return b;
}

/** Parse a manifest into path → digest, refusing malformed lines and duplicates. */
function parseManifest(name: string, alg: BagAlgorithm, bytes: Buffer): Map<string, string> {
  const len = alg === 'sha256' ? 64 : 128;
  const out = new Map<string, string>();
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Failed('manifest', `${name}: the last line does not end with LF`);
  lines.forEach((line, i) => {
    const m = /^([0-9a-fA-F]+)[ \t]+(.+)$/.exec(line);
    if (!m || m[1]!.length !== len) throw new Failed('manifest', `${name}: line ${i + 1} is malformed`);
    const path = decodeManifestPath(m[2]!);
    if (out.has(path)) throw new Failed('manifest', `${name}: line ${i + 1}: ${path} listed twice`);
    out.set(path, m[1]!.toLowerCase());
  });
  return out;
}

/** Check every listed file's digest against a manifest. */
function checkDigests(
  name: string,
  alg: BagAlgorithm,
  manifest: Map<string, string>,
  files: ReadonlyMap<string, Buffer>,
): void {
  for (const [path, digest] of manifest) {
    const bytes = files.get(path);
    if (!bytes) throw new Failed('missing-file', `${path}: listed in ${name} but missing`);
    if (digestOf(alg, bytes) !== digest) throw new Failed('digest', `${path}: does not match ${name}`);
  }
}

/** The labels of bag-info.txt (first value of each). */
export function parseBagInfo(bytes: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of bytes.toString('utf8').split('\n')) {
    const m = /^([^:\s][^:]*):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!)) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

function run(files: ReadonlyMap<string, Buffer>): { payloadFiles: number; signer: string } {
  const bagit = need(files, 'bagit.txt').toString('utf8');
  if (!/^BagIt-Version: 1\.0\r?\n/.test(bagit))
    throw new Failed('bagit.txt', 'bagit.txt: not BagIt-Version 1.0');
  // 1. The signature over tagmanifest-sha512.txt, with the key beside it.
  const signed = need(files, SIGNED_FILE);
  const sig = need(files, SIGNATURE_FILE);
  const pem = need(files, SIGNER_FILE);
  let ok = false;
  let fingerprint = '';
  try {
    const key = createPublicKey(pem);
    ok = sig.length === 64 && verify(null, signed, key, sig);
    fingerprint = digestOf('sha256', key.export({ type: 'spki', format: 'der' }));
  } catch {
    ok = false;
  }
  if (!ok)
    throw new Failed(
      'signature',
      `${SIGNATURE_FILE}: not a valid Ed25519 signature of ${SIGNED_FILE} by ${SIGNER_FILE}`,
    );
  // 2. Both tag manifests, then both payload manifests.
  for (const alg of BAG_ALGORITHMS) {
    const name = `tagmanifest-${alg}.txt`;
    checkDigests(name, alg, parseManifest(name, alg, need(files, name)), files);
  }
  const payload = [...files.keys()].filter((p) => p.startsWith('data/'));
  for (const alg of BAG_ALGORITHMS) {
    const name = `manifest-${alg}.txt`;
    const manifest = parseManifest(name, alg, need(files, name));
    for (const p of manifest.keys())
      if (!p.startsWith('data/')) throw new Failed('manifest', `${name}: ${p} is not under data/`);
    checkDigests(name, alg, manifest, files);
    for (const p of payload)
      if (!manifest.has(p)) throw new Failed('extra-file', `${p}: not listed in ${name}`);
  }
  for (const p of files.keys())
    if (!p.startsWith('data/') && !TAG_FILES.has(p))
      throw new Failed('extra-file', `${p}: not a file of the bag`);
  // 3. Payload-Oxum.
  const oxum = parseBagInfo(need(files, 'bag-info.txt')).get('Payload-Oxum');
  const octets = payload.reduce((n, p) => n + files.get(p)!.length, 0);
  if (oxum !== `${octets}.${payload.length}`)
    throw new Failed(
      'payload-oxum',
      `bag-info.txt: Payload-Oxum ${oxum ?? '(none)'}, the payload is ${octets}.${payload.length}`,
    );
  // 4. The CASE graph parses.
  const graph = files.get('data/case.jsonld');
  if (graph) {
    try {
      JSON.parse(graph.toString('utf8'));
    } catch (e) {
      throw new Failed('case.jsonld', `data/case.jsonld: not JSON: ${(e as Error).message}`);
    }
  }
  return { payloadFiles: payload.length, signer: fingerprint };
}

/** Check a bag's files (paths relative to the bag); never throws for a bad bag. */
export function checkBag(files: ReadonlyMap<string, Buffer>): BagVerdict {
  try {
    const r = run(files);
    return { ok: true, payloadFiles: r.payloadFiles, signer: r.signer, failure: null };
  } catch (e) {
    if (!(e instanceof Failed)) throw e;
    return { ok: false, payloadFiles: 0, signer: null, failure: { check: e.check, detail: e.detail } };
  }
}
