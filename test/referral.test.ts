import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  createWriteStream,
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { join, relative, resolve } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { runCli } from './helpers/cli.js';
import { copyOfBuiltCase } from './helpers/built-case.js';
import { DATABASES } from './helpers/databases.js';
import { validateCase } from '../src/referral/shacl.js';
import { verifyPackage } from '../src/app/verify-package.js';

// Referral packages (issue 16) built by the real CLI from one shared small demo case (SQLite): SHACL-valid,
// BagIt-valid by an independent re-read, signature checked by openssl, tampering caught, rebuilt byte for byte,
// refusals, pseudonyms, and the PDF read back.
const SHAPES = resolve('../shared/standards');
const tmp = mkdtempSync(join(tmpdir(), 'vigie-referral-'));
let caseDir = '';
let country = '';
let accepted: string[] = [];
let elsewhere = '';
let undecided = '';
let pkg = '';

interface TargetJson {
  actor: string;
  attribution: { country: string | null } | null;
  decision: { decision: string } | null;
}

const cli = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  runCli(['--case', caseDir, ...args]);

function files(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(root, p) : [relative(root, p).split('\\').join('/')];
  });
}
const allFiles = (dir: string): string[] => files(dir).sort();
const hashOf = (alg: string, b: Buffer): string => createHash(alg).update(b).digest('hex');

before(async () => {
  caseDir = (await copyOfBuiltCase('demo-small', 'sqlite')).caseDir;
  assert.equal((await runCli(['keys', 'create', '--name', 'UNIT-R'])).code, 0);
  const targets = JSON.parse((await cli('--json', 'targets')).stdout) as TargetJson[];
  const byCountry = new Map<string, string[]>();
  for (const t of targets)
    if (t.attribution?.country)
      byCountry.set(t.attribution.country, [...(byCountry.get(t.attribution.country) ?? []), t.actor]);
  const [cc, actors] = [...byCountry].sort((a, b) => b[1].length - a[1].length)[0]!;
  assert.ok(actors.length >= 2, 'the demo case has a country with two targets');
  country = cc;
  accepted = actors.slice(0, 2).sort();
  undecided = actors[2] ?? targets.find((t) => !accepted.includes(t.actor))!.actor;
  elsewhere = targets.find((t) => t.attribution?.country && t.attribution.country !== cc)!.actor;
  for (const a of [...accepted, elsewhere])
    assert.equal((await cli('target', a, '--decide', 'accept', '--reason', 'test')).code, 0);
  pkg = join(tmp, 'pkg');
  const r = await cli(
    '--json',
    'refer',
    '--to',
    country,
    '--accepted',
    '--out',
    pkg,
    '--lang',
    'en,de',
    '--shapes',
    SHAPES,
    '--reference',
    'EIO-TEST-1',
  );
  assert.equal(r.code, 0, r.stderr);
});

test('vigie refer --accepted writes a package for the accepted targets of the country, validated against CASE 1.4.0', async () => {
  const out = JSON.parse((await cli('--json', 'referrals')).stdout) as {
    actors: string[];
    country: string;
    tagManifestSha256: string;
  }[];
  assert.equal(out.length, 1);
  assert.deepEqual(out[0]!.actors, accepted);
  assert.equal(out[0]!.country, country);
  assert.equal(
    out[0]!.tagManifestSha256,
    hashOf('sha256', readFileSync(join(pkg, 'tagmanifest-sha512.txt'))),
  );
  const audit = (await cli('--json', 'audit', 'list')).stdout;
  assert.match(audit, /"command": "refer"/);
  // An independent SHACL run over the graph as written: no violation, no warning.
  const report = await validateCase(
    JSON.parse(readFileSync(join(pkg, 'data/case.jsonld'), 'utf8')) as object,
    SHAPES,
  );
  assert.deepEqual(
    report.results.filter((x) => x.severity !== 'Info'),
    [],
  );
  assert.ok(report.triples > 100);
  assert.match(
    readFileSync(join(pkg, 'bag-info.txt'), 'utf8'),
    /CASE-Validation: SHACL case-1\.4\.0\.ttl: 0 violations/,
  );
});

test('the bag is BagIt 1.0 valid: manifests re-read and every digest recomputed here, Payload-Oxum, no unlisted file', () => {
  assert.equal(
    readFileSync(join(pkg, 'bagit.txt'), 'utf8'),
    'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
  );
  const payload = allFiles(pkg).filter((f) => f.startsWith('data/'));
  for (const alg of ['sha256', 'sha512']) {
    for (const name of [`manifest-${alg}.txt`, `tagmanifest-${alg}.txt`]) {
      const lines = readFileSync(join(pkg, name), 'utf8').trimEnd().split('\n');
      const listed = lines.map((l) => {
        const [digest, path] = l.split(/ +/, 2) as [string, string];
        assert.equal(hashOf(alg, readFileSync(join(pkg, path))), digest, `${name}: ${path}`);
        return path;
      });
      if (name.startsWith('manifest')) assert.deepEqual(listed.sort(), payload);
      else assert.ok(listed.includes('bag-info.txt') && listed.includes(`manifest-${alg}.txt`));
    }
  }
  const octets = payload.reduce((n, f) => n + statSync(join(pkg, f)).size, 0);
  assert.match(
    readFileSync(join(pkg, 'bag-info.txt'), 'utf8'),
    new RegExp(`^Payload-Oxum: ${octets}\\.${payload.length}$`, 'm'),
  );
  for (const f of [
    'data/case.jsonld',
    'data/vics.json',
    'data/evidence/index.json',
    'data/report/report-fr.pdf',
    'data/report/report-de.html',
  ])
    assert.ok(payload.includes(f), f);
  assert.ok(!payload.some((f) => f.startsWith('data/media/')), 'no media without --include-media');
});

test('openssl verifies the Ed25519 signature of tagmanifest-sha512.txt with signer.pem', () => {
  const out = execFileSync(
    'openssl',
    [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'signer.pem',
      '-rawin',
      '-in',
      'tagmanifest-sha512.txt',
      '-sigfile',
      'tagmanifest-sha512.txt.sig',
    ],
    { cwd: pkg, encoding: 'utf8' },
  );
  assert.match(out, /Signature Verified Successfully/);
  assert.equal(statSync(join(pkg, 'tagmanifest-sha512.txt.sig')).size, 64);
});

test('vigie verify PACKAGE passes the package and names the first thing tampered with (exit 2)', async () => {
  const ok = await runCli(['verify', pkg]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /verified: OK/);
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['payload byte', (d) => appendFileSync(join(d, 'data/vics.json'), ' '), /data\/vics\.json/],
    [
      'evidence file',
      (d) => writeFileSync(join(d, 'data/evidence/index.json'), '[]\n'),
      /data\/evidence\/index\.json/,
    ],
    ['bag-info', (d) => appendFileSync(join(d, 'bag-info.txt'), 'X: y\n'), /bag-info\.txt/],
    ['tag manifest', (d) => appendFileSync(join(d, 'tagmanifest-sha512.txt'), '\n'), /signature/],
    [
      'other tag manifest',
      (d) => appendFileSync(join(d, 'tagmanifest-sha256.txt'), 'x\n'),
      /tagmanifest-sha256\.txt/,
    ],
    ['signature', (d) => writeFileSync(join(d, 'tagmanifest-sha512.txt.sig'), Buffer.alloc(64)), /signature/],
    ['extra file', (d) => writeFileSync(join(d, 'data/extra.txt'), 'x'), /data\/extra\.txt/],
    ['missing file', (d) => rmSync(join(d, 'data/report/report-en.pdf')), /report-en\.pdf/],
  ];
  // Each tampering checked by the use case in this process; two of them through the CLI (exit 2, stderr).
  for (const [what, tamper, names] of cases) {
    const copy = join(tmp, `tampered-${what.replace(/ /g, '-')}`);
    cpSync(pkg, copy, { recursive: true });
    tamper(copy);
    const v = await verifyPackage({ path: copy });
    assert.equal(v.ok, false, what);
    assert.match(`${v.failure?.check}: ${v.failure?.detail}`, names, what);
    if (what === 'payload byte' || what === 'extra file') {
      const r = await runCli(['verify', copy]);
      assert.equal(r.code, 2, `${what}: ${r.stdout}`);
      assert.match(r.stderr, /PACKAGE_INVALID/, what);
      assert.match(r.stderr, names, what);
    }
  }
  // A zipped package (one top folder) verifies the same.
  const zip = new yazl.ZipFile();
  for (const f of allFiles(pkg)) zip.addFile(join(pkg, f), `pkg/${f}`);
  zip.end();
  const zipped = join(tmp, 'pkg.zip');
  await pipeline(zip.outputStream, createWriteStream(zipped));
  const z = await verifyPackage({ path: zipped });
  assert.equal(z.ok, true, JSON.stringify(z.failure));
  assert.equal(z.payloadFiles, allFiles(pkg).filter((f) => f.startsWith('data/')).length);
});

test('the same case state gives the same package byte for byte (bagging date and signature aside), third parties pseudonymised', async () => {
  const a = join(tmp, 'again-a');
  const b = join(tmp, 'again-b');
  for (const out of [a, b]) {
    const r = await cli('refer', ...accepted, '--to', country, '--out', out, '--reference', 'EIO-TEST-1');
    assert.equal(r.code, 0, r.stderr);
  }
  const names = allFiles(a);
  assert.deepEqual(allFiles(b), names);
  const noDate = (s: string): string => s.replace(/^Bagging-Date: .*$/m, '');
  for (const f of names) {
    if (f === 'tagmanifest-sha512.txt.sig' || f.startsWith('tagmanifest-')) continue;
    const [x, y] = [readFileSync(join(a, f)), readFileSync(join(b, f))];
    if (f === 'bag-info.txt') assert.equal(noDate(x.toString()), noDate(y.toString()));
    else assert.ok(x.equals(y), f);
  }
  // Accounts in the graph: the targets by their ids, everyone else under a stable pseudonym.
  const graph = readFileSync(join(a, 'data/case.jsonld'), 'utf8');
  const ids = [...graph.matchAll(/"uco-observable:accountIdentifier": "([^"]+)"/g)].map((m) => m[1]!);
  for (const id of ids) assert.ok(accepted.includes(id) || /^P-[0-9a-f]{12}$/.test(id), id);
  for (const text of [
    graph,
    readFileSync(join(a, 'data/vics.json'), 'utf8'),
    readFileSync(join(a, 'data/report/report-en.html'), 'utf8'),
  ])
    for (const m of text.matchAll(/telegram:user\d+/g))
      assert.ok(accepted.includes(m[0]), `${m[0]} appears in clear`);
  assert.ok(
    ids.some((id) => id.startsWith('P-')),
    'the targets replied to someone (a pseudonym appears)',
  );
});

test('the PDF reports have a page per target and name each target (read back with pdfjs)', async () => {
  for (const lang of ['fr', 'en', 'de']) {
    const pdf = await getDocument({
      standardFontDataUrl: resolve('node_modules/pdfjs-dist/standard_fonts') + '/',
      data: new Uint8Array(readFileSync(join(pkg, `data/report/report-${lang}.pdf`))),
    }).promise;
    assert.ok(pdf.numPages >= accepted.length + 1, `${lang}: ${pdf.numPages} pages`);
    let text = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
    }
    for (const a of accepted) assert.ok(text.includes(a), `${lang}: ${a}`);
    if (lang === 'fr') assert.match(text, /Résumé/);
    if (lang === 'de') assert.match(text, /Übermittlungspaket/);
    await pdf.destroy();
  }
});

test('refusals: no accepted decision, attributed elsewhere, unless --force --reason (audited)', async () => {
  const out = (n: string): string => join(tmp, `refused-${n}`);
  const noDecision = await cli('refer', undecided, '--to', country, '--out', out('a'));
  assert.equal(noDecision.code, 2);
  assert.match(noDecision.stderr, new RegExp(`REFERRAL_REFUSED: ${undecided}: no accepted decision`));
  const other = await cli('refer', elsewhere, '--to', country, '--out', out('b'));
  assert.equal(other.code, 2);
  assert.match(
    other.stderr,
    new RegExp(`REFERRAL_REFUSED: ${elsewhere}: attributed to [A-Z]{2}, not ${country}`),
  );
  const noReason = await cli('refer', elsewhere, '--to', country, '--out', out('c'), '--force');
  assert.equal(noReason.code, 2);
  assert.match(noReason.stderr, /USAGE: --force needs --reason/);
  const forced = await cli(
    'refer',
    elsewhere,
    '--to',
    country,
    '--out',
    out('d'),
    '--force',
    '--reason',
    'lives there now (liaison)',
  );
  assert.equal(forced.code, 0, forced.stderr);
  const list = JSON.parse((await cli('--json', 'referrals')).stdout) as {
    actors: string[];
    forced: boolean;
    reason: string;
  }[];
  const last = list.at(-1)!;
  assert.deepEqual([last.actors, last.forced, last.reason], [[elsewhere], true, 'lives there now (liaison)']);
  assert.match(readFileSync(join(out('d'), 'data/report/report-fr.html'), 'utf8'), /lives there now/);
});

test(
  '[postgres] the PostgreSQL twin of the case gives a verified package with the same evidence',
  { skip: !DATABASES.includes('postgres') },
  async () => {
    const pgCase = (await copyOfBuiltCase('demo-small', 'postgres')).caseDir;
    for (const a of accepted)
      assert.equal(
        (await runCli(['--case', pgCase, 'target', a, '--decide', 'accept', '--reason', 't'])).code,
        0,
      );
    const out = join(tmp, 'pg');
    const r = await runCli(['--case', pgCase, 'refer', '--to', country, '--accepted', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await runCli(['verify', out])).code, 0);
    const evidence = allFiles(out).filter((f) => f.startsWith('data/evidence/'));
    assert.deepEqual(
      evidence,
      allFiles(pkg).filter((f) => f.startsWith('data/evidence/')),
    );
    for (const f of evidence) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(pkg, f))), f);
    const list = JSON.parse((await runCli(['--case', pgCase, '--json', 'referrals'])).stdout) as {
      actors: string[];
    }[];
    assert.deepEqual(list[0]!.actors, accepted);
  },
);
