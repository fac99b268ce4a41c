import type { MediaItem } from '../app/list-media.js';
import type { showMedia } from '../app/show-media.js';
import { localTime, plural, renderTable, style, type Column } from './table.js';

/** The matches as a cell, one per list and category at its smallest distance: `known-vics (1) d=0, known-pdq d=2`. */
function matchText(matches: MediaItem['matches']): string {
  const best = new Map<string, number>();
  for (const m of matches) {
    const key = `${m.list}${m.category ? ` (${m.category})` : ''}`;
    best.set(key, Math.min(best.get(key) ?? Infinity, m.distance));
  }
  return [...best].map(([k, d]) => `${k} d=${d}`).join(', ');
}

/** The columns of `vigie media` (zone: the display zone of the first-seen time). */
export function mediaColumns(zone: string): Column<MediaItem>[] {
  return [
    { name: 'sha256', text: (m) => m.sha256.slice(0, 12), csv: (m) => m.sha256 },
    { name: 'kind', text: (m) => m.kind },
    {
      name: 'status',
      text: (m) => (m.status === 'known' ? style.red(m.status) : m.status),
      csv: (m) => m.status,
    },
    {
      name: 'self-produced',
      text: (m) => m.production?.assessment ?? '-',
      csv: (m) => m.production?.assessment,
    },
    { name: 'seen', text: (m) => String(m.occurrences), csv: (m) => m.occurrences, right: true },
    { name: `first seen (${zone})`, text: (m) => localTime(m.firstSeen, zone), csv: (m) => m.firstSeen },
    { name: 'first poster', text: (m) => m.originator ?? '-' },
    { name: 'category', text: (m) => m.decision?.category ?? '-', csv: (m) => m.decision?.category },
    { name: 'matches (list, category, distance)', text: (m) => matchText(m.matches) },
  ];
}

/** One media as people read it: status, occurrences, first post, each match with its list, category, distance. */
export function describeMedia(r: Awaited<ReturnType<typeof showMedia>>, zone: string): string {
  const why = r.why;
  return [
    `${style.bold(r.sha256)}  ${r.kind}  ${r.status}`,
    `${plural(r.occurrences, 'occurrence')}; first seen ${localTime(r.firstSeen, zone)} (${zone}) by ${r.originator ?? '?'}${r.firstMessage ? ` in ${r.firstMessage.chat} #${r.firstMessage.message}` : ''}`,
    `cluster ${r.cluster ?? '-'}; category ${r.decision?.category ?? '-'}${r.decision ? ` (by ${r.decision.by})` : ''}`,
    '',
    why.length
      ? renderTable(
          [
            { name: 'list', text: (w: (typeof why)[number]) => w.list },
            { name: 'role', text: (w) => w.role },
            { name: 'category', text: (w) => w.category ?? '-' },
            { name: 'signal', text: (w) => w.signalType },
            { name: 'distance', text: (w) => String(w.distance), right: true },
            { name: 'entry', text: (w) => `${w.source.path} ${w.entry.position ?? w.entry.line ?? ''}` },
          ],
          why,
        )
      : 'no match in any hash list',
  ].join('\n');
}
