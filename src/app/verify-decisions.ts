import type { Finding } from '../domain/finding.js';
import type { AuditEvent } from '../store/audit.js';
import type { CheckDeps, VerifyCheck } from './verify-checks.js';
import {
  ACTOR_UNDERCOVER_COMMAND,
  MEDIA_CATEGORISE_COMMAND,
  REFER_COMMAND,
  TARGET_DECIDE_COMMAND,
} from '../domain/audit-commands.js';

/** One decision row as compared: its fields by name (values as JSON-comparable as the audit event gives them). */
type Fields = Record<string, unknown>;

/** A table of people's decisions and the audit command whose events record each of its rows (the writer's constant). */
interface DecisionTable {
  readonly table: string;
  readonly command: string;
  readonly columns: readonly string[];
  /** The rows one audit event recorded, in the order they were appended. */
  fromEvent(e: AuditEvent, details: Record<string, unknown>): Fields[];
  /** A database row in the same shape. */
  fromRow(r: Record<string, unknown>): Fields;
  /** How a row is named in a finding. */
  name(f: Fields): string;
}

const flag = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
/** A JSON column as stored (text on SQLite, parsed on PostgreSQL) in `json`'s form. */
const jsonColumn = (v: unknown): string => json(typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

/** Target decisions (`vigie target`), media categories (triage), referrals, own-account marks. */
const DECISION_TABLES: readonly DecisionTable[] = [
  {
    table: 'target_decision',
    command: TARGET_DECIDE_COMMAND,
    columns: ['id', 'actor_id', 'decision', 'reason', 'user', 'at'],
    fromEvent: (e, d) => [
      { actor: e.subject, decision: text(d['decision']), reason: text(d['reason']), user: e.user, at: e.at },
    ],
    fromRow: (r) => ({
      actor: r['actor_id'],
      decision: r['decision'],
      reason: r['reason'],
      user: r['user'],
      at: r['at'],
    }),
    name: (f) => `decision on ${String(f['actor'])}`,
  },
  {
    table: 'media_decision',
    command: MEDIA_CATEGORISE_COMMAND,
    columns: ['id', 'sha256', 'scheme', 'category', 'tags', 'note', 'user', 'at', 'audit_seq'],
    fromEvent: (e, d) =>
      (Array.isArray(d['changes']) ? (d['changes'] as Record<string, unknown>[]) : []).map((c) => {
        const after = (c['after'] ?? {}) as Record<string, unknown>;
        return {
          sha256: c['sha256'],
          scheme: text(after['scheme']),
          category: text(after['category']),
          tags: json(after['tags'] ?? []),
          note: text(after['note']),
          user: e.user,
          at: e.at,
          auditSeq: e.seq,
        };
      }),
    fromRow: (r) => ({
      sha256: r['sha256'],
      scheme: text(r['scheme']),
      category: text(r['category']),
      tags: jsonColumn(r['tags']),
      note: text(r['note']),
      user: r['user'],
      at: r['at'],
      auditSeq: Number(r['audit_seq']),
    }),
    name: (f) => `category of media ${String(f['sha256'])}`,
  },
  {
    table: 'referral',
    command: REFER_COMMAND,
    columns: [
      'id',
      'package_id',
      'country',
      'actors',
      'tag_manifest_sha256',
      'signer',
      'include_media',
      'forced',
      'reason',
      'user',
      'at',
      'audit_seq',
    ],
    fromEvent: (e, d) => [
      {
        packageId: e.subject,
        country: text(d['country']),
        actors: json(d['actors']),
        tagManifestSha256: text(d['tagManifestSha256']),
        signer: text(d['signer']),
        includeMedia: flag(d['includeMedia']),
        forced: flag(d['forced']),
        reason: text(d['reason']),
        user: e.user,
        at: e.at,
        auditSeq: e.seq,
      },
    ],
    fromRow: (r) => ({
      packageId: r['package_id'],
      country: text(r['country']),
      actors: jsonColumn(r['actors']),
      tagManifestSha256: text(r['tag_manifest_sha256']),
      signer: text(r['signer']),
      includeMedia: flag(r['include_media']),
      forced: flag(r['forced']),
      reason: text(r['reason']),
      user: r['user'],
      at: r['at'],
      auditSeq: Number(r['audit_seq']),
    }),
    name: (f) => `referral ${String(f['packageId'])}`,
  },
  {
    table: 'own_account',
    command: ACTOR_UNDERCOVER_COMMAND,
    columns: ['id', 'actor_id', 'undercover', 'reason', 'user', 'at', 'audit_seq'],
    fromEvent: (e, d) => [
      {
        actor: e.subject,
        undercover: flag(d['undercover']),
        reason: text(d['reason']),
        user: e.user,
        at: e.at,
        auditSeq: e.seq,
      },
    ],
    fromRow: (r) => ({
      actor: r['actor_id'],
      undercover: flag(r['undercover']),
      reason: text(r['reason']),
      user: r['user'],
      at: r['at'],
      auditSeq: Number(r['audit_seq']),
    }),
    name: (f) => `own-account mark of ${String(f['actor'])}`,
  },
];

/** A row's fields parsed safely (a row whose JSON column no longer parses is itself a change). */
function rowFields(t: DecisionTable, r: Record<string, unknown>): Fields {
  try {
    return t.fromRow(r);
  } catch {
    return { unreadable: JSON.stringify(r) };
  }
}

/** Compare one table's rows, in append order, with the rows its audit events recorded. */
async function checkTable(deps: CheckDeps, t: DecisionTable): Promise<Finding[]> {
  const events = await deps.store.audit.listByCommand(t.command);
  const expected = events.flatMap((e) => {
    const d = JSON.parse(e.details) as Record<string, unknown>;
    return t.fromEvent(e, d).map((f) => ({ f, seq: e.seq }));
  });
  const rows = await deps.store.integrity.tableRows(t.table, t.columns, ['id']);
  const found = rows.map((r) => rowFields(t, r));
  const out: Finding[] = [];
  for (let i = 0; i < Math.max(expected.length, found.length); i++) {
    const e = expected[i];
    const f = found[i];
    if (e && f) {
      const field = Object.keys({ ...e.f, ...f }).find((k) => json(e.f[k]) !== json(f[k]));
      if (field === undefined) continue;
      out.push({
        check: 'decisions',
        kind: 'row-changed',
        table: t.table,
        field,
        expected: e.f[field] ?? null,
        found: f[field] ?? null,
        detail: `${t.table}: ${t.name(e.f)}: ${field} is ${JSON.stringify(f[field] ?? null)}, audit event ${e.seq} (${t.command}) recorded ${JSON.stringify(e.f[field] ?? null)}`,
      });
      break; // rows after a difference are paired out of step: the first one names it
    }
    if (e)
      out.push({
        check: 'decisions',
        kind: 'row-missing',
        table: t.table,
        expected: e.f,
        detail: `${t.table}: ${t.name(e.f)} recorded by audit event ${e.seq} (${t.command}) is missing`,
      });
    else if (f)
      out.push({
        check: 'decisions',
        kind: 'row-added',
        table: t.table,
        found: f,
        detail: `${t.table}: ${t.name(f)} has no audit event (${t.command}) recording it`,
      });
  }
  return out;
}

/** Every decision row (targets, media categories, referrals, own accounts) is one its audit event recorded. */
export const decisionsCheck: VerifyCheck = {
  name: 'decisions',
  async run(deps) {
    const tables = new Set(await deps.store.integrity.tables());
    const out: Finding[] = [];
    for (const t of DECISION_TABLES) if (tables.has(t.table)) out.push(...(await checkTable(deps, t)));
    return out;
  },
};
