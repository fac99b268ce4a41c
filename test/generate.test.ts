import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import exifr from 'exifr';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { generateCase, type GenerateResult } from '../src/demo/index.js';
import { isoLocal, wallClock } from '../src/demo/tz.js';
import { IpPicker } from '../src/demo/ips.js';
import { Rng } from '../src/demo/prng.js';

type J = Record<string, unknown>;
let dirA = '';
let dirB = '';
let gen: GenerateResult;
let truth: J;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

before(async () => {
  dirA = mkdtempSync(join(tmpdir(), 'vigie-gen-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'vigie-gen-b-'));
  gen = await generateCase({ out: dirA, scale: 'small', seed: 7 });
  truth = JSON.parse(readFileSync(gen.truthPath, 'utf8')) as J;
});
after(() => {
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
});

test('one seed gives byte-identical output', async () => {
  await generateCase({ out: dirB, scale: 'small', seed: 7 });
  const a = walk(dirA).map((p) => relative(dirA, p));
  const b = walk(dirB).map((p) => relative(dirB, p));
  assert.deepEqual(a, b);
  for (const rel of a)
    assert.ok(readFileSync(join(dirA, rel)).equals(readFileSync(join(dirB, rel))), `${rel} differs`);
});

interface Loaded {
  path: string;
  info: J;
  chats: J[];
  prefix: string[];
}

function exportsOf(): Loaded[] {
  return (truth['exports'] as J[]).map((e) => {
    const doc = JSON.parse(readFileSync(join(dirA, e['path'] as string, 'result.json'), 'utf8')) as J;
    const chats = e['kind'] === 'full' ? ((doc['chats'] as J)['list'] as J[]) : [doc];
    if (e['kind'] === 'full') {
      assert.ok(
        doc['about'] && doc['personal_information'],
        'full export has about and personal_information',
      );
    }
    return { path: e['path'] as string, info: e, chats, prefix: [] };
  });
}

test('exports follow the Telegram Desktop layout, id eras and date encodings', () => {
  const ex = exportsOf();
  const eras = new Set(ex.map((e) => e.info['era']));
  assert.deepEqual([...eras].sort(), ['current', 'v2.4']);
  assert.ok(ex.some((e) => e.info['kind'] === 'full'));
  const types = new Set<string>();
  for (const e of ex) {
    assert.match(e.path, /^exports\/UC-[A-E]\/(ChatExport|DataExport)_\d{4}-\d{2}-\d{2}( \(\d+\))?$/);
    const tz = e.info['exporterTimeZone'] as string;
    const old = e.info['era'] === 'v2.4';
    for (const chat of e.chats) {
      types.add(chat['type'] as string);
      assert.deepEqual(Object.keys(chat), ['name', 'type', 'id', 'messages']);
      const id = chat['id'] as number;
      if (old) assert.ok(id > 2 ** 33, 'v2.4 era chat ids are shifted');
      else assert.ok(id < 2 ** 33);
      let prev = -Infinity;
      for (const m of chat['messages'] as J[]) {
        assert.ok((m['id'] as number) > prev, 'ids ascend');
        prev = m['id'] as number;
        const keys = Object.keys(m);
        assert.deepEqual(keys.slice(0, 3), ['id', 'type', 'date']);
        assert.match(m['date'] as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
        const ref = m['type'] === 'service' ? m['actor_id'] : m['from_id'];
        if (old) {
          assert.equal(m['date_unixtime'], undefined);
          assert.equal(m['text_entities'], undefined);
          assert.equal(typeof ref, 'number');
          assert.ok((ref as number) > 2 ** 32 && (ref as number) < 2 ** 33, 'a shifted user id');
        } else {
          assert.equal(keys[3], 'date_unixtime');
          assert.match(ref as string, /^(user|chat|channel)\d+$/);
          assert.equal(
            m['date'],
            isoLocal(Number(m['date_unixtime']), tz),
            'date is the exporter-local twin of date_unixtime',
          );
          if (m['edited']) assert.equal(m['edited'], isoLocal(Number(m['edited_unixtime']), tz));
          assert.ok(Array.isArray(m['text_entities']));
        }
        for (const k of ['photo', 'file'] as const) {
          if (typeof m[k] === 'string') statSync(join(dirA, e.path, m[k] as string));
        }
        assert.equal(keys[keys.length - 1], old ? 'text' : 'text_entities');
      }
    }
  }
  for (const t of [
    'private_supergroup',
    'public_supergroup',
    'private_channel',
    'private_group',
    'personal_chat',
  ]) {
    assert.ok(types.has(t), `an export of type ${t}`);
  }
});

test('activity follows each actor time zone (few messages at local night)', () => {
  const tzOf = new Map(
    (truth['actors'] as J[]).map((a) => [String(a['id']).replace('telegram:', ''), a['timeZone'] as string]),
  );
  let night = 0;
  let utcNight = 0;
  let all = 0;
  for (const e of exportsOf().filter((x) => x.info['era'] === 'current')) {
    for (const chat of e.chats) {
      for (const m of chat['messages'] as J[]) {
        const tz = tzOf.get(String(m['from_id']));
        if (m['type'] !== 'message' || !tz) continue;
        const t = Number(m['date_unixtime']);
        const h = wallClock(t, tz).hour;
        const hu = new Date(t * 1000).getUTCHours();
        all++;
        if (h >= 1 && h <= 6) night++;
        if (hu >= 1 && hu <= 6) utcNight++;
      }
    }
  }
  assert.ok(all > 200);
  assert.ok(night / all < 0.12, `local-night share ${night / all}`);
  assert.ok(utcNight > night, 'UTC hours alone do not explain the rhythm');
});

test('truth counts agree with the files', () => {
  const counts = truth['counts'] as Record<string, number>;
  const msgs = new Set<string>();
  const shas = new Set<string>();
  for (const e of exportsOf()) {
    for (const chat of e.chats) {
      const bare = e.info['era'] === 'v2.4' ? (chat['id'] as number) - 2 ** 33 : (chat['id'] as number);
      for (const m of chat['messages'] as J[]) msgs.add(`${chat['type']}:${bare}:${m['id']}`);
    }
  }
  for (const p of walk(join(dirA, 'exports'))) {
    if (p.endsWith('.jpg')) shas.add(createHash('sha256').update(readFileSync(p)).digest('hex'));
  }
  assert.equal(msgs.size, counts['messages']);
  assert.equal(shas.size, counts['images']);
  const images = truth['images'] as J[];
  assert.equal(images.length, counts['images']);
  assert.equal(new Set(images.map((i) => i['sha256'])).size, images.length, 'one truth entry per SHA-256');
  assert.deepEqual(new Set(images.map((i) => i['sha256'])), shas);
  assert.equal(images.filter((i) => i['class'] === 'known').length, counts['knownImages']);
  assert.ok(counts['countries']! >= 8);
  assert.ok(counts['knownImages']! > 0 && counts['newImages']! > 0 && counts['ignoredImages']! > 0);
  const bySha = new Map(images.map((i) => [i['sha256'], i]));
  for (const r of truth['reencoded'] as J[]) assert.equal(bySha.get(r['original'])?.['variant'], 'original');
  for (const i of images.filter((x) => x['class'] === 'new'))
    assert.match(String(i['originator']), /^telegram:user\d+$/);
  const roles = new Set((truth['actors'] as J[]).map((a) => a['role']));
  for (const r of ['producer', 'distributor', 'consumer', 'lurker']) assert.ok(roles.has(r), r);
});

test('images are valid JPEGs at Telegram sizes; files sent as documents carry EXIF GPS', async () => {
  const sizes: number[] = [];
  let gps = 0;
  for (const p of walk(join(dirA, 'exports')).filter((x) => x.endsWith('.jpg'))) {
    const buf = readFileSync(p);
    const meta = await sharp(buf).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.ok(Math.max(meta.width ?? 0, meta.height ?? 0) <= 1280);
    sizes.push(buf.length);
    if (p.includes('/files/')) {
      const g = (await exifr.gps(buf)) as { latitude: number } | undefined;
      if (g && Number.isFinite(g.latitude)) gps++;
    }
  }
  sizes.sort((a, b) => a - b);
  assert.ok(
    sizes[0]! > 20_000 && sizes[sizes.length - 1]! < 400_000,
    `sizes ${sizes[0]}..${sizes[sizes.length - 1]}`,
  );
  const median = sizes[sizes.length >> 1]!;
  assert.ok(median > 50_000 && median < 300_000, `median ${median}`);
  assert.ok(gps > 0, 'some files carry EXIF GPS');
});

test('returns: valid phones, IPs located in the actor country unless behind a VPN', () => {
  const actors = new Map(
    (truth['actors'] as J[]).map((a) => [String(a['id']).replace('telegram:user', ''), a]),
  );
  const picker = new IpPicker(new Rng('test'));
  const lines = readFileSync(gen.returnsPath, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'user_id,phone,ip,seen_at');
  assert.ok(lines.length > 5);
  let vpnRows = 0;
  for (const line of lines.slice(1)) {
    const [uid, phone, ip, at] = line.split(',');
    const a = actors.get(uid!)!;
    assert.ok(isValidPhoneNumber(phone!), phone);
    assert.match(at!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const vpn = (a['returns'] as J)['vpnCountry'];
    const cc = picker.countryOf(ip!);
    if (cc !== a['country']) {
      assert.equal(cc, vpn, `${ip} is in ${cc}: neither ${String(a['country'])} nor the VPN exit`);
      vpnRows++;
    }
  }
  assert.ok(vpnRows > 0, 'some rows come through VPN exits abroad');
});

test('hash lists: VICS JSON with MD5, SHA-1 and SHA-256; HMA pdq lines', () => {
  const vics = JSON.parse(readFileSync(join(dirA, 'hashlists/known-vics.json'), 'utf8')) as { value: J[] };
  const known = (truth['images'] as J[]).filter((i) => i['class'] === 'known' && i['variant'] === 'original');
  const md5s = new Set(vics.value.map((v) => String(v['MD5']).toLowerCase()));
  for (const k of known) assert.ok(md5s.has(k['md5'] as string));
  for (const v of vics.value) {
    assert.match(String(v['SHA1']), /^[0-9A-F]{40}$/);
    assert.match(String((v['AlternativeHashes'] as J[])[0]!['HashValue']), /^[0-9A-F]{64}$/);
  }
  const pdq = readFileSync(join(dirA, 'hashlists/known-pdq.txt'), 'utf8').trim().split('\n');
  for (const l of pdq) assert.match(l, /^pdq [0-9a-f]{64}$/);
});
