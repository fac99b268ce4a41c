import type { BagFile } from './bagit.js';
import type { ReferralData } from './model.js';
import { en, type ReportStrings } from './i18n/en.js';
import { fr } from './i18n/fr.js';
import { de } from './i18n/de.js';
import { renderHtml, renderPdf } from './report-render.js';
import { zonedClock } from '../domain/time.js';

/**
 * `data/report/`: the human report per language, built once as a list of blocks and rendered to HTML and to PDF.
 * Every target starts a new page; dates are given in UTC and in the recipient country's zone.
 */

/** The languages reports exist in. */
export const REPORT_LANGUAGES: readonly string[] = ['fr', 'en', 'de'];

const STRINGS: Readonly<Record<string, ReportStrings>> = { en, fr, de };

/** One block of a report. */
export type Block =
  | { readonly kind: 'title' | 'h2' | 'h3' | 'p' | 'li' | 'code'; readonly text: string }
  | { readonly kind: 'page' };

const fill = (s: string, v: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? `{${k}}`));

/** A date in UTC and in the recipient's zone: `2026-11-01 23:39:37 UTC (2026-11-02 00:39:37 Europe/Paris)`. */
export function dualDate(iso: string | null, zone: string): string {
  if (!iso) return '?';
  const d = new Date(iso);
  const utc = `${zonedClock(d, 'UTC', true)} UTC`;
  return zone === 'UTC' ? utc : `${utc} (${zonedClock(d, zone, true)} ${zone})`;
}

/** The blocks of one language's report. */
export function reportBlocks(d: ReferralData, lang: string, validated: boolean): Block[] {
  const t = STRINGS[lang] ?? en;
  const when = (iso: string | null): string => dualDate(iso, d.zone);
  const b: Block[] = [
    { kind: 'title', text: `${t.title} ${d.packageId}` },
    { kind: 'h2', text: t.summary },
    {
      kind: 'p',
      text: fill(t.summaryText, {
        n: d.targets.length,
        country: d.country,
        version: d.toolVersion,
        case: d.caseName,
      }),
    },
    { kind: 'li', text: `${t.package}: ${d.packageId}` },
    { kind: 'li', text: `${t.reference}: ${d.reference ?? '—'}` },
    { kind: 'li', text: `${t.sender}: ${d.agency}` },
    { kind: 'li', text: `${t.recipient}: ${d.country}` },
    { kind: 'p', text: fill(t.zone, { zone: d.zone }) },
    { kind: 'p', text: validated ? t.validated : t.notValidated },
  ];
  if (d.forced) b.push({ kind: 'p', text: fill(t.forced, { reason: d.forced.reason }) });
  for (const x of d.targets) {
    b.push({ kind: 'page' }, { kind: 'h2', text: `${t.target}: ${x.actor}` });
    b.push({ kind: 'li', text: `${t.identifier}: ${x.actor}` });
    b.push({ kind: 'li', text: `${t.rank}: ${x.rank ?? '—'} / ${x.score?.toFixed(1) ?? '—'}` });
    if (x.decision)
      b.push({
        kind: 'li',
        text: `${t.decision}: ${x.decision.decision} — ${x.decision.user}, ${when(x.decision.at)} — ${x.decision.reason}`,
      });
    b.push({ kind: 'h3', text: t.names });
    for (const n of x.names)
      b.push({ kind: 'li', text: `${n.name} — ${when(n.firstSeen)} → ${when(n.lastSeen)}` });
    b.push({ kind: 'h3', text: t.reasons });
    for (const f of x.factors.filter((f) => f.contribution > 0))
      b.push({
        kind: 'li',
        text: `${f.name}: ${f.contribution.toFixed(1)} / ${f.weight} — ${f.facts.join('; ')}`,
      });
    b.push({
      kind: 'h3',
      text: fill(t.attribution, { country: x.country ?? '—', p: x.probability?.toFixed(2) ?? '—' }),
    });
    b.push({ kind: 'p', text: t.ledger });
    for (const e of x.evidence)
      b.push({
        kind: 'li',
        text: `${e.signal}: ${e.value} (${Object.entries(e.countries)
          .map(([c, v]) => `${c} ${v}`)
          .join(', ')}) — ${e.source}`,
      });
    b.push({ kind: 'h3', text: t.newContent });
    if (!x.clusters.length) b.push({ kind: 'p', text: t.none });
    for (const c of x.clusters)
      b.push({
        kind: 'li',
        text: fill(t.cluster, {
          id: c.id,
          members: c.members,
          first: when(c.firstSeen),
          chats: c.chatsReached,
          reposters: c.reposters,
        }),
      });
  }
  b.push({ kind: 'page' }, { kind: 'h2', text: t.timeline });
  for (const m of d.messages.filter((m) => m.byTarget))
    b.push({
      kind: 'li',
      text: `${when(m.dateUtc)} — ${m.author ?? '?'} — ${m.chatId} #${m.messageId}${m.text ? `: ${m.text.slice(0, 140)}` : ''}`,
    });
  b.push({ kind: 'page' }, { kind: 'h2', text: t.files });
  for (const f of d.media) {
    const cat = f.human
      ? `${t.category} ${f.human.scheme}:${f.human.code} (${t.analystCategory})`
      : f.list
        ? `${t.category} ${f.list.scheme ?? '?'}:${f.list.code ?? '?'} (${t.listCategory})`
        : '';
    b.push({
      kind: 'li',
      text: `SHA-256 ${f.sha256} — MD5 ${f.md5 ?? '?'} — ${f.size} B${cat ? ` — ${cat}` : ''}`,
    });
  }
  b.push({ kind: 'page' }, { kind: 'h2', text: t.howToVerify }, { kind: 'p', text: t.verifyText });
  b.push({
    kind: 'code',
    text: 'openssl pkeyutl -verify -pubin -inkey signer.pem -rawin -in tagmanifest-sha512.txt -sigfile tagmanifest-sha512.txt.sig',
  });
  b.push({ kind: 'p', text: t.verifyBag }, { kind: 'code', text: 'bagit.py --validate PACKAGE' });
  b.push({ kind: 'code', text: 'sha512sum -c manifest-sha512.txt && sha512sum -c tagmanifest-sha512.txt' });
  b.push({ kind: 'p', text: t.verifyVigie }, { kind: 'code', text: 'vigie verify PACKAGE' });
  return b;
}

/** The HTML and PDF report of each language, as payload files. */
export async function buildReports(
  d: ReferralData,
  languages: readonly string[],
  validated: boolean,
): Promise<BagFile[]> {
  const out: BagFile[] = [];
  for (const lang of languages) {
    const blocks = reportBlocks(d, lang, validated);
    const title = `${(STRINGS[lang] ?? en).title} ${d.packageId}`;
    out.push({ path: `data/report/report-${lang}.html`, bytes: renderHtml(blocks, lang, title) });
    out.push({
      path: `data/report/report-${lang}.pdf`,
      bytes: await renderPdf(blocks, title, (STRINGS[lang] ?? en).page),
    });
  }
  return out;
}
