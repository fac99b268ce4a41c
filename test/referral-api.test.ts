// Referral packages from the workbench (issue 16) on a copy of the shared small demo case, through app.inject():
// an analyst may not build one (403), a liaison officer builds one for accepted targets and downloads it once as a
// zip that `vigie verify` accepts (zipped and unpacked); a refused actor is a 409 with its code; media only for a
// supervisor with a reason (audited); a server without --signing-key says so; the list is `vigie referrals --json`.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yauzl from 'yauzl';
import { buildServer } from '../src/server/app.js';
import { runCli } from './helpers/cli.js';
import { copyOfBuiltCase } from './helpers/built-case.js';
import { addPeople, ORIGIN, signIn } from './server-fixture.js';

interface TargetJson {
  actor: string;
  attribution: { country: string | null } | null;
}

const tmp = mkdtempSync(join(tmpdir(), 'vigie-referral-api-'));

const ready = (async () => {
  const { out, caseDir } = await copyOfBuiltCase('demo-small', 'sqlite');
  const cli = (...args: string[]) => runCli(['--case', caseDir, ...args]);
  assert.equal((await runCli(['keys', 'create', '--name', 'UNIT-W'])).code, 0);
  const targets = JSON.parse((await cli('--json', 'targets')).stdout) as TargetJson[];
  const attributed = targets.filter((t) => t.attribution?.country);
  const accepted = attributed[0]!;
  const country = accepted.attribution!.country!;
  const undecided = attributed.find((t) => t.actor !== accepted.actor)!.actor;
  assert.equal((await cli('target', accepted.actor, '--decide', 'accept', '--reason', 'test')).code, 0);
  await addPeople(out, [
    { name: 'ana', role: 'analyst', cases: ['case'] },
    { name: 'lia', role: 'liaison', cases: ['case'] },
    { name: 'sam', role: 'supervisor', cases: ['case'] },
  ]);
  const app = await buildServer({ casesDir: out, signingKey: 'UNIT-W' });
  const cookies = {
    ana: await signIn(app, 'ana'),
    lia: await signIn(app, 'lia'),
    sam: await signIn(app, 'sam'),
  };
  return { out, caseDir, cli, app, cookies, country, accepted: accepted.actor, undecided };
})();

after(async () => (await ready).app.close());

const post = async (who: 'ana' | 'lia' | 'sam', body: unknown) => {
  const s = await ready;
  return s.app.inject({
    method: 'POST',
    url: '/api/v1/cases/case/referrals',
    headers: { cookie: s.cookies[who], origin: ORIGIN },
    payload: body as Record<string, unknown>,
  });
};

/** The entries of a zip file, by name, in the zip's order. */
async function unzip(file: string): Promise<[string, Buffer][]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out: [string, Buffer][] = [];
  await new Promise<void>((res, rej) => {
    zip.on('entry', (e: yauzl.Entry) => {
      zip.openReadStream(e, (err, s) => {
        if (err || !s) return rej(err ?? new Error('no stream'));
        const parts: Buffer[] = [];
        s.on('data', (c: Buffer) => parts.push(c));
        s.on('end', () => {
          out.push([e.fileName, Buffer.concat(parts)]);
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => res());
    zip.on('error', rej);
    zip.readEntry();
  });
  return out;
}

test('roles: an analyst may not build a package; only a supervisor may include media, with a reason', async () => {
  const s = await ready;
  const body = { actors: [s.accepted], to: s.country };
  assert.equal((await post('ana', body)).statusCode, 403);
  const media = await post('lia', { ...body, includeMedia: true, reason: 'needed' });
  assert.equal(media.statusCode, 403, media.body);
  const noReason = await post('sam', { ...body, includeMedia: true });
  assert.equal(noReason.statusCode, 400, noReason.body);
  assert.match(noReason.json().error.message, /reason/);
});

test('a refused actor is a 409 naming the refusal', async () => {
  const s = await ready;
  const r = await post('lia', { actors: [s.undecided], to: s.country });
  assert.equal(r.statusCode, 409, r.body);
  assert.equal(r.json().error.code, 'REFERRAL_REFUSED');
  assert.match(r.json().error.message, new RegExp(`${s.undecided}: `));
});

test('a liaison officer builds a package and downloads it once as a zip that vigie verify accepts', async () => {
  const s = await ready;
  const r = await post('lia', { actors: [s.accepted], to: s.country.toLowerCase(), lang: ['en'] });
  assert.equal(r.statusCode, 200, r.body);
  const built = r.json() as {
    packageId: string;
    actors: string[];
    tagManifestSha256: string;
    auditSeq: number;
    download: { url: string; fileName: string; size: number };
  };
  assert.deepEqual(built.actors, [s.accepted]);
  const other = await s.app.inject({ url: built.download.url, headers: { cookie: s.cookies.sam } });
  assert.equal(other.statusCode, 403, 'the token is its builder’s only');
  const dl = await s.app.inject({ url: built.download.url, headers: { cookie: s.cookies.lia } });
  assert.equal(dl.statusCode, 200, dl.body);
  assert.equal(dl.headers['content-type'], 'application/zip');
  assert.match(
    String(dl.headers['content-disposition']),
    new RegExp(`attachment; filename="${built.download.fileName}"`),
  );
  assert.equal(dl.rawPayload.length, built.download.size);
  const again = await s.app.inject({ url: built.download.url, headers: { cookie: s.cookies.lia } });
  assert.equal(again.statusCode, 403, 'a download URL works once');
  const zipFile = join(tmp, built.download.fileName);
  writeFileSync(zipFile, dl.rawPayload);
  const v = await runCli(['--json', 'verify', zipFile]);
  assert.equal(v.code, 0, `vigie verify ${zipFile}: ${v.stdout}${v.stderr}`);
  const entries = await unzip(zipFile);
  const names = entries.map(([n]) => n);
  assert.deepEqual(names, [...names].sort(), 'entries in path order');
  assert.ok(
    names.every((n) => n.startsWith(`${built.packageId}/`)),
    'one top folder, the package id',
  );
  const unpacked = join(tmp, 'unpacked');
  for (const [n, b] of entries) {
    mkdirSync(dirname(join(unpacked, n)), { recursive: true });
    writeFileSync(join(unpacked, n), b);
  }
  const f = await runCli(['verify', join(unpacked, built.packageId)]);
  assert.equal(f.code, 0, `the unpacked bag: ${f.stdout}${f.stderr}`);
  const list = await s.app.inject({
    url: '/api/v1/cases/case/referrals',
    headers: { cookie: s.cookies.lia },
  });
  assert.equal(list.statusCode, 200, list.body);
  assert.deepEqual(list.json(), JSON.parse((await s.cli('--json', 'referrals')).stdout) as unknown);
  const rec = (list.json() as { packageId: string; user: string; tagManifestSha256: string }[]).at(-1)!;
  assert.equal(rec.packageId, built.packageId);
  assert.equal(rec.user, 'lia');
  assert.equal(rec.tagManifestSha256, built.tagManifestSha256);
});

test('a supervisor includes media with a reason (audited); a server without --signing-key builds nothing', async () => {
  const s = await ready;
  const r = await post('sam', { actors: [s.accepted], to: s.country, includeMedia: true, reason: 'EIO 42' });
  assert.equal(r.statusCode, 200, r.body);
  const list = JSON.parse((await s.cli('--json', 'referrals')).stdout) as {
    includeMedia: boolean;
    reason: string | null;
    user: string;
  }[];
  assert.deepEqual(
    { ...list.at(-1)!, at: undefined },
    { ...list.at(-1)!, includeMedia: true, reason: 'EIO 42', user: 'sam', at: undefined },
  );
  const bare = await buildServer({ casesDir: s.out });
  try {
    const cookie = await signIn(bare, 'lia');
    const x = await bare.inject({
      method: 'POST',
      url: '/api/v1/cases/case/referrals',
      headers: { cookie, origin: ORIGIN },
      payload: { actors: [s.accepted], to: s.country },
    });
    assert.equal(x.json().error.code, 'KEY_NOT_FOUND', x.body);
    assert.match(x.json().error.message, /--signing-key/);
  } finally {
    await bare.close();
  }
});
