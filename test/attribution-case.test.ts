import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { addReturns } from '../src/app/add-returns.js';
import { attributeActors } from '../src/app/attribute-actors.js';
import { DATABASES } from './helpers/databases.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { TEST_STATE } from './helpers/cli.js';

void TEST_STATE;

const PL = [
  'Cześć, co słychać u ciebie dzisiaj?',
  'Dzięki, wszystko w porządku, do jutra',
  'Jutro jadę do Krakowa z rodziną',
  'Nie mam czasu, pogadamy wieczorem',
];
const FR = [
  'Salut tout le monde, ça va bien ?',
  'Je suis complètement d’accord avec toi',
  'On se retrouve ce soir après le travail',
  'Merci beaucoup pour ton aide hier',
];

function exportJson(): unknown {
  const base = Date.UTC(2024, 2, 4) / 1000;
  const messages: unknown[] = [];
  let id = 1;
  const add = (
    from: string,
    fromId: string,
    text: string,
    t: number,
    extra: Record<string, unknown> = {},
  ): void => {
    messages.push({
      id: id++,
      type: 'message',
      date: new Date(t * 1000).toISOString().slice(0, 19),
      date_unixtime: String(t),
      from,
      from_id: fromId,
      text,
      text_entities: [{ type: 'plain', text }],
      ...extra,
    });
  };
  for (let d = 0; d < 12; d++) {
    add('Piotr 🇵🇱', 'user101', PL[d % PL.length]!, base + d * 86400 + (17 + (d % 4)) * 3600);
    add('Camille', 'user202', FR[d % FR.length]!, base + d * 86400 + (18 + (d % 3)) * 3600);
  }
  add('Camille', 'user202', '', base + 13 * 86400 + 19 * 3600, {
    contact_information: { first_name: 'Camille', last_name: '', phone_number: '+33 6 12 34 56 78' },
  });
  return { name: 'Test group', type: 'private_supergroup', id: 555, messages };
}

for (const kind of DATABASES)
  test(`[${kind}] attributeActors reads messages, names, contact cards and returns, and stores explained attributions`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-attr-'));
    const dir = join(root, 'case');
    await initCase({ dir, home: 'FR' });
    const exp = join(root, 'export');
    mkdirSync(exp);
    writeFileSync(join(exp, 'result.json'), JSON.stringify(exportJson(), null, 1));
    writeFileSync(
      join(root, 'ret.csv'),
      'user_id,phone,ip,seen_at\n101,+48512345678,,2024-03-05T10:00:00Z\n999,+380501234567,,2024-03-05T10:00:00Z\n',
    );
    const lite = await openCase(dir);
    try {
      await importSources(lite, { paths: [exp] });
      await addReturns(lite, { file: join(root, 'ret.csv') });
    } finally {
      await lite.close();
    }
    const ctx = await openCase(await caseOn(kind, dir));
    try {
      const report = await attributeActors(ctx);
      assert.ok(report.actors >= 2);
      const pl = (await ctx.store.triage.attribution('telegram:user101'))!;
      assert.equal(pl.country, 'PL');
      assert.equal(pl.abstained, false);
      const signals = (pl.evidence as Array<{ signal: string }>).map((e) => e.signal);
      for (const s of ['language', 'timezone', 'phone', 'flag', 'place']) assert.ok(signals.includes(s), s);
      const fr = (await ctx.store.triage.attribution('telegram:user202'))!;
      assert.equal(fr.country, 'FR', 'own contact card');
      const phone = (fr.evidence as Array<{ signal: string; source: { kind: string } }>).find(
        (e) => e.signal === 'phone',
      )!;
      assert.equal(phone.source.kind, 'message');
      const map = await ctx.store.triage.attributions(['telegram:user101', 'telegram:user202']);
      assert.equal(map.size, 2);
      const first = JSON.stringify([...(await ctx.store.triage.attributions())]);
      await attributeActors(ctx);
      assert.equal(
        JSON.stringify([...(await ctx.store.triage.attributions())]),
        first,
        'deterministic re-run',
      );
    } finally {
      await ctx.close();
    }
  });
