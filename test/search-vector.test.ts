/**
 * The client's search vectors (ADR 0015 §9) equal the server's `search_tsv(body)` (migration 9's expression) for
 * every character the client folds, upper- and lower-case, alone and inside words, for the parser's splits of runs
 * of letters and digits, and for a varied set of texts; what the client cannot fold exactly is left to the server.
 * PostgreSQL only (SQLite's index is FTS5's own).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { databaseUrl, DATABASES } from './helpers/databases.js';
import { caseSql } from './helpers/case-sql.js';
import { foldTable, searchVector } from '../src/store/search-vector.js';

const VARIED = [
  'Café crème brûlée à Noël, garçon!',
  'ÉCOLE ÉLÉMENTAIRE — Ça va? Où êtes-vous…',
  'Straße STRASSE Maß Fuß; ÆØÅ æøå Œuvre œuvre',
  'Привет, МИР! Ёлка ёж ЁЖИК й Й ўсё',
  'ΟΔΟΣ Οδυσσέας ΆΛΦΑ άλφα ΐ ϋ σοφός',
  '東京タワーで会いましょう。ひらがな カタカナ 한국어 텍스트',
  'ıslak Istanbul ısı ILIK ğüşöç ĞÜŞÖÇ',
  'emoji 😀 party 🎉 ok 👍🏽 done ✅',
  'price 12e5x 1e5 1é5 3.14 v1.2.3 00123 abc123 x²y ½',
  'mail anna@example.org https://example.org/a-b?c=d#e C:\\temp\\file.txt',
  "it's l'été don't — «quotes» “smart” ‘single’",
  'tabs\there\nnew line\r\nand  double  spaces',
  'Tiếng Việt có dấu: Đường phố Hà Nội',
  'Polski: Zażółć gęślą jaźń ŁÓDŹ',
  'שלום עולם مرحبا بالعالم، كيف حالكم؟ สวัสดีทุกคน',
  'Київ, Україна: ґанок, їжак, єнот',
  'repeat repeat repeat Repeat REPEAT répété',
];

/** Texts the client must leave to the server (a character it does not fold exactly). */
const LEFT = ['İstanbul', 'e\u0301cole', 'Ꙁ', 'a\ud800b'];

const skip = DATABASES.includes('postgres') ? false : 'PostgreSQL only';

test('client search vectors equal the server’s search_tsv', { skip }, async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-search-vector-')), 'case');
  const init = await runCli(['init', dir, '--home', 'FR', '--database', databaseUrl('postgres') ?? '']);
  assert.equal(init.code, 0, init.stderr);

  const texts: string[] = [...VARIED];
  // Every letter below U+3000, and one in five of the kana, CJK ideographs and Hangul (unchanged, one code path).
  const letters = [...foldTable()]
    .filter(([c, f], i) => c !== f || c < '\u3000' || i % 5 === 0)
    .map(([c]) => c);
  for (const c of letters) {
    const up = c.toUpperCase();
    texts.push(c, `x${c}y ${c}1 1${c}`, up, `${up}${c}${up}`);
  }
  // The parser's splits inside runs of letters and digits (scientific notation).
  let seed = 13;
  const pick = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let i = 0; i < 1500; i++) {
    let t = '';
    for (let k = 1 + pick(10); k > 0; k--) t += '10e9xé'[pick(6)] ?? '';
    texts.push(t);
  }
  const vectors = texts.map(searchVector);
  const sent = texts.filter((_, i) => vectors[i] !== null);
  assert.ok(sent.length > texts.length * 0.95, `${texts.length - sent.length} texts left to the server`);
  const rows = await caseSql(
    dir,
    `SELECT t, v::tsvector::text AS client, search_tsv(t)::text AS server
     FROM unnest(?::text[], ?::text[]) AS u(t, v) WHERE v::tsvector::text <> search_tsv(t)::text`,
    sent,
    vectors.filter((v) => v !== null),
  );
  assert.deepEqual(rows, [], 'texts whose client vector differs from the server’s');
  for (const t of VARIED) assert.notEqual(searchVector(t), null, t);
  for (const t of LEFT) assert.equal(searchVector(t), null, t);
});
