import type { ActorItem } from '../app/list-actors.js';
import type { TargetItem } from '../app/list-targets.js';
import { countryText, fixed } from './names.js';
import { localTime, plural, renderTable, style } from './table.js';

interface Alias {
  name: string;
  firstSeen: string | null;
  lastSeen: string | null;
  sources?: string[];
}

interface Evidence {
  value: string;
  bits: number;
  source?: { kind: string; chat?: string; message?: number; sha256?: string };
}

interface Factor {
  name: string;
  value: number;
  weight: number;
  contribution: number;
  facts: string[];
}

const BARS = ' ▁▂▃▄▅▆▇█';

/** Activity by hour as two labelled lines: the hours 00–23 and a bar per hour (the count scaled to the busiest). */
export function hourBars(hourly: readonly number[]): string[] {
  const max = Math.max(1, ...hourly);
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).join(' ');
  const bars = Array.from({ length: 24 }, (_, h) => {
    const n = hourly[h] ?? 0;
    return (n === 0 ? '·' : (BARS[Math.max(1, Math.round((n / max) * 8))] ?? '█')).padStart(2);
  }).join(' ');
  return [`  ${hours}`, `  ${bars}`];
}

/** Where a piece of attribution evidence was seen: `message CHAT #ID` or `media SHA256[:12]`. */
function placeOf(e: Evidence): string {
  const s = e.source;
  if (!s) return '';
  if (s.kind === 'message') return `message ${s.chat ?? '?'} #${s.message ?? '?'}`;
  if (s.kind === 'media') return `media ${(s.sha256 ?? '').slice(0, 12)}`;
  return s.kind;
}

/** One actor as people read it: names over time, attribution and its top evidence, score factors, activity. */
export function describeActor(a: ActorItem, target: TargetItem | undefined, zone: string): string {
  const aliases = (a['aliases'] as Alias[] | undefined) ?? [];
  const media = (a['media'] as Record<string, number> | undefined) ?? {};
  const at = a.attribution as {
    origin?: { country: string; probability: number } | null;
    evidence?: Evidence[];
  };
  const evidence = [...(at?.evidence ?? [])].sort((x, y) => y.bits - x.bits).slice(0, 5);
  const factors = ((target?.factors ?? []) as Factor[]).filter((f) => f.contribution > 0);
  const lines = [
    `${style.bold(a.id)}  ${a.names.at(-1) ?? ''}  (${String(a['kind'] ?? 'user')})${a['undercover'] ? '  [own undercover account]' : ''}`,
    `seen ${localTime(a['firstSeen'] as string, zone)} … ${localTime(a['lastSeen'] as string, zone)} (${zone}) in ${plural(a.chats.length, 'chat')}; ${plural(a.messages, 'message')}`,
    '',
    style.bold('names over time'),
    ...aliases.map(
      (x) =>
        `  ${x.name}  ${localTime(x.firstSeen, zone)} … ${localTime(x.lastSeen, zone)}  (${plural(x.sources?.length ?? 0, 'source')})`,
    ),
    '',
    `${style.bold('attribution')}: ${countryText(a.attribution)}${at?.origin ? `  (origin ${at.origin.country} ${at.origin.probability.toFixed(2)})` : ''}`,
    ...(evidence.length
      ? renderTable(
          [
            {
              name: '  evidence',
              text: (e: Evidence) => `  ${e.value.length > 70 ? e.value.slice(0, 69) + '…' : e.value}`,
            },
            { name: 'bits', text: (e: Evidence) => e.bits.toFixed(1), right: true },
            { name: 'seen in', text: placeOf },
          ],
          evidence,
        ).split('\n')
      : []),
    '',
    target
      ? `${style.bold('score')} ${target.score.toFixed(1)} (rank ${target.rank})${target.decision ? `; ${target.decision.decision}ed by ${target.decision.user}` : ''}`
      : `${style.bold('score')}: not scored`,
    ...(factors.length
      ? renderTable(
          [
            { name: '  factor', text: (f: Factor) => `  ${f.name}` },
            { name: 'value', text: (f: Factor) => String(f.value), right: true },
            { name: 'points', text: (f: Factor) => f.contribution.toFixed(1), right: true },
            { name: 'why', text: (f: Factor) => f.facts.slice(0, 2).join('; ') },
          ],
          factors,
        ).split('\n')
      : []),
    '',
    `media: ${media['known'] ?? 0} known, ${media['ignored'] ?? 0} ignored, ${media['new'] ?? 0} new; ${plural(a.newClustersOriginated, 'new cluster')} originated; ${plural(Number(a['reposts'] ?? 0), 'repost')}; replies ${String(a['repliesGiven'] ?? 0)} given, ${String(a['repliesReceived'] ?? 0)} received`,
    `network: community ${a.community ?? '-'}, PageRank ${fixed(a.pagerank, 4)}, betweenness ${fixed(a.betweenness, 4)}`,
    '',
    `${style.bold('activity by hour')} (UTC, ${plural(
      ((a['hourly'] as number[]) ?? []).reduce((s, n) => s + n, 0),
      'message',
    )})`,
    ...hourBars((a['hourly'] as number[] | undefined) ?? []),
  ];
  return lines.join('\n');
}
