import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterMedia } from '../src/pipeline/analyse/clusters.js';
import { traceProvenance } from '../src/pipeline/analyse/provenance.js';
import { rankNovelty } from '../src/pipeline/analyse/novelty.js';
import { compileLexicon, parseLexicon } from '../src/pipeline/analyse/lexicon.js';
import { seededRng } from '../src/pipeline/analyse/betweenness.js';
import { messageKey, type MessageInput, type Occurrence } from '../src/pipeline/analyse/types.js';
import { isAppError } from '../src/domain/errors.js';
import { flipBits, msg, occ, randomPdq, sha, someBits } from './analyse-fixtures.js';

const H = 3_600_000;

function setup(occurrences: Occurrence[], pdqs: Record<string, string>, statuses = new Map()) {
  const c = clusterMedia({
    media: occurrences.map((o) => o.sha256),
    signals: Object.entries(pdqs).map(([sha256, pdq]) => ({ sha256, pdq, quality: 100 })),
    statuses,
  });
  return { c, ...traceProvenance(c.clusters, occurrences) };
}

test('the first occurrence is the earliest UTC across chats; ties go to chat id then message id; unknown times last', () => {
  const rng = seededRng(5);
  const A = sha('A');
  const p = randomPdq(rng);
  const occurrences = [
    occ({ sha256: A, chatId: 'telegram:channel9', messageId: 3, dateUtc: 5 * H, authorId: 'telegram:user9' }),
    occ({ sha256: A, chatId: 'telegram:channel2', messageId: 7, dateUtc: 5 * H, authorId: 'telegram:user7' }),
    occ({ sha256: A, chatId: 'telegram:channel2', messageId: 4, dateUtc: 5 * H, authorId: 'telegram:user4' }),
    occ({ sha256: A, chatId: 'telegram:channel1', messageId: 1, dateUtc: null, authorId: 'telegram:user1' }),
    occ({
      sha256: A,
      chatId: 'telegram:channel2',
      messageId: 4,
      dateUtc: 5 * H,
      authorId: 'telegram:user4',
      sourceId: 's0',
    }),
  ];
  const r = setup(occurrences, { [A]: p });
  const pr = r.provenance[0]!;
  assert.equal(pr.first?.chatId, 'telegram:channel2');
  assert.equal(pr.first?.messageId, 4);
  assert.equal(pr.first?.sourceId, 's0', 'deduplicated over sources, smallest source kept');
  assert.equal(pr.originator, 'telegram:user4');
  assert.equal(pr.occurrences, 4);
  assert.deepEqual(
    pr.later.map((l) => [l.chatId, l.messageId]),
    [
      ['telegram:channel2', 7],
      ['telegram:channel9', 3],
      ['telegram:channel1', 1],
    ],
  );
  assert.ok(r.issues.some((i) => i.code === 'OCCURRENCE_NO_DATE'));
});

test('spread counts chats reached, reposters with their delay, identical forwards and re-encoded copies', () => {
  const rng = seededRng(6);
  const [A, B] = [sha('orig'), sha('reenc')];
  const p = randomPdq(rng);
  const occurrences = [
    occ({ sha256: A, chatId: 'telegram:channel1', messageId: 10, dateUtc: 0, authorId: 'telegram:user1' }),
    occ({
      sha256: A,
      chatId: 'telegram:channel2',
      messageId: 5,
      dateUtc: 2 * H,
      authorId: 'telegram:user2',
      forwarded: true,
    }),
    occ({ sha256: B, chatId: 'telegram:channel3', messageId: 8, dateUtc: 3 * H, authorId: 'telegram:user3' }),
    occ({ sha256: B, chatId: 'telegram:channel3', messageId: 9, dateUtc: 4 * H, authorId: 'telegram:user3' }),
    occ({
      sha256: A,
      chatId: 'telegram:channel1',
      messageId: 20,
      dateUtc: 5 * H,
      authorId: 'telegram:user1',
    }),
  ];
  const r = setup(occurrences, { [A]: p, [B]: flipBits(p, someBits(rng, 9)) });
  assert.equal(r.provenance.length, 1);
  const pr = r.provenance[0]!;
  assert.equal(pr.originator, 'telegram:user1');
  assert.deepEqual(
    pr.spread.chats.map((c) => [c.chatId, c.delayMs]),
    [
      ['telegram:channel1', 0],
      ['telegram:channel2', 2 * H],
      ['telegram:channel3', 3 * H],
    ],
  );
  assert.deepEqual(
    pr.spread.reposters.map((x) => [x.actorId, x.delayMs, x.occurrences]),
    [
      ['telegram:user2', 2 * H, 1],
      ['telegram:user3', 3 * H, 2],
    ],
  );
  assert.equal(pr.spread.identicalCopies, 2);
  assert.equal(pr.spread.reencodedCopies, 2);
  const reenc = pr.later.find((l) => l.sha256 === B)!;
  assert.equal(reenc.copy, 're-encoded');
  assert.equal(reenc.distance, 9);
  assert.equal(pr.later[0]!.forwarded, true);
});

test('the new-content view ranks first posts by prolific originators with lexicon terms first, with evidence', () => {
  const rng = seededRng(7);
  const [A, B, C, D] = ['n1', 'n2', 'n3', 'k1'].map(sha) as [string, string, string, string];
  const occurrences = [
    occ({ sha256: A, chatId: 'telegram:channel1', messageId: 1, dateUtc: 1 * H, authorId: 'telegram:user1' }),
    occ({ sha256: B, chatId: 'telegram:channel1', messageId: 2, dateUtc: 2 * H, authorId: 'telegram:user1' }),
    occ({
      sha256: C,
      chatId: 'telegram:channel1',
      messageId: 3,
      dateUtc: 0,
      authorId: 'telegram:user2',
      forwarded: true,
    }),
    occ({ sha256: D, chatId: 'telegram:channel1', messageId: 4, dateUtc: 0, authorId: 'telegram:user3' }),
  ];
  const pdqs = Object.fromEntries([A, B, C, D].map((s) => [s, randomPdq(rng)]));
  const r = setup(occurrences, pdqs, new Map([[D, 'known']]));
  const messages = new Map<string, MessageInput>(
    [
      msg({ messageId: 2, text: 'Fresh SÉRIE today', authorId: 'telegram:user1' }),
      msg({ messageId: 3, forwardedFrom: 'Somebody', authorId: 'telegram:user2' }),
    ].map((m) => [messageKey(m.chatId, m.messageId), m]),
  );
  const lexicon = compileLexicon(parseLexicon('["serie", "fresh set"]', 'lex.json'));
  const v = rankNovelty(r.provenance, messages, lexicon);
  assert.deepEqual(
    v.map((x) => x.clusterId),
    [B, A, C].map((s) => r.c.clusterOf.get(s)),
  );
  assert.equal(v[0]!.score, 3 + 1 + 2);
  assert.deepEqual(v[0]!.lexiconTerms, ['serie']);
  assert.deepEqual(
    v[0]!.evidence.map((e) => e.factor),
    ['first-post', 'originator-new-clusters', 'lexicon'],
  );
  assert.equal(v[2]!.evidence[0]!.factor, 'first-is-forward');
  assert.deepEqual(v[0]!.firstMessage, { chat: 'telegram:channel1', message: 2 });
  assert.equal(v[0]!.firstSeen, '1970-01-01T02:00:00.000Z');
});

test('lexicons load from JSON arrays, {terms}, or text lines; matching is whole-word, case- and accent-insensitive', () => {
  assert.deepEqual(parseLexicon('{"terms": ["B", "a"]}', 'x.json'), ['a', 'b']);
  assert.deepEqual(parseLexicon('# comment\nÉté\n\n  two  words \n', 'x.txt'), ['ete', 'two words']);
  const lx = compileLexicon(parseLexicon('["cat", "two words"]', 'x'));
  assert.deepEqual(lx.match('A CAT and TWO\nwords'), ['cat', 'two words']);
  assert.deepEqual(lx.match('concatenate'), []);
  assert.throws(
    () => parseLexicon('[1]', 'bad.json'),
    (e) => isAppError(e, 'USAGE') && /bad\.json: term 1/.test(e.message),
  );
  assert.throws(
    () => parseLexicon('{"terms": ', 'broken.json'),
    (e) => isAppError(e, 'USAGE') && /broken\.json/.test(e.message),
  );
});
