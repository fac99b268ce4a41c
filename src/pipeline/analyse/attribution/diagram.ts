/** The reliability diagram of `vigie attribution report --svg`, written by hand: bins, counts, the diagonal. */
import type { ReliabilityBin } from './report.js';

/** One series of the diagram (overall, home, foreign). */
export interface DiagramSeries {
  readonly label: string;
  readonly bins: readonly ReliabilityBin[];
}

const COLOURS = ['#1f4e79', '#c55a11', '#548235'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const f = (x: number): string => (Math.round(x * 10) / 10).toString();

/**
 * A self-contained SVG (no fonts or assets from elsewhere): x = mean top probability per bin, y = share right; each
 * series is a line of points with bars under it for the actors per bin (scaled to the largest bin), and the
 * diagonal of perfect calibration.
 */
export function reliabilitySvg(title: string, series: readonly DiagramSeries[]): string {
  const W = 560;
  const H = 460;
  const L = 60;
  const T = 40;
  const S = 340;
  const x = (p: number): number => L + p * S;
  const y = (p: number): number => T + (1 - p) * S;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${L}" y="22" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${L}" y="${T}" width="${S}" height="${S}" fill="none" stroke="#888888"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbbbbb" stroke-dasharray="4 3"/>`,
  ];
  for (let i = 0; i <= 10; i += 2) {
    const p = i / 10;
    out.push(
      `<text x="${f(x(p))}" y="${T + S + 16}" text-anchor="middle">${p.toFixed(1)}</text>`,
      `<text x="${L - 8}" y="${f(y(p) + 4)}" text-anchor="end">${p.toFixed(1)}</text>`,
    );
  }
  out.push(
    `<text x="${L + S / 2}" y="${T + S + 34}" text-anchor="middle">top probability (bin mean)</text>`,
    `<text x="16" y="${T + S / 2}" text-anchor="middle" transform="rotate(-90 16 ${T + S / 2})">share of right answers</text>`,
  );
  const max = Math.max(1, ...series.flatMap((s) => s.bins.map((b) => b.actors)));
  const bw = S / 10 / Math.max(1, series.length);
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    s.bins.forEach((b, i) => {
      if (!b.actors) return;
      const h = (b.actors / max) * 60;
      out.push(
        `<rect x="${f(x(i / 10) + k * bw)}" y="${f(T + S - h)}" width="${f(bw - 1)}" height="${f(h)}" fill="${colour}" fill-opacity="0.18"/>`,
      );
    });
    const pts = s.bins.filter((b) => b.actors > 0 && b.accuracy !== null && b.confidence !== null);
    if (pts.length > 1)
      out.push(
        `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${pts.map((b) => `${f(x(b.confidence!))},${f(y(b.accuracy!))}`).join(' ')}"/>`,
      );
    for (const b of pts)
      out.push(
        `<circle cx="${f(x(b.confidence!))}" cy="${f(y(b.accuracy!))}" r="3.5" fill="${colour}"><title>${b.from.toFixed(1)}–${b.to.toFixed(1)}: ${b.actors} actors, confidence ${b.confidence!.toFixed(3)}, right ${b.accuracy!.toFixed(3)}</title></circle>`,
        `<text x="${f(x(b.confidence!) + 5)}" y="${f(y(b.accuracy!) - 5)}" fill="${colour}" font-size="9">${b.actors}</text>`,
      );
    const ly = T + 14 + k * 16;
    out.push(
      `<rect x="${L + S + 16}" y="${ly - 9}" width="10" height="10" fill="${colour}"/>`,
      `<text x="${L + S + 32}" y="${ly}">${esc(s.label)}</text>`,
    );
  });
  out.push(
    `<text x="${L + S + 16}" y="${T + 14 + series.length * 16 + 10}" fill="#666666" font-size="9">bars: actors per bin</text>`,
    `<text x="${L + S + 16}" y="${T + 14 + series.length * 16 + 22}" fill="#666666" font-size="9">dashed: perfect calibration</text>`,
    '</svg>',
  );
  return out.join('\n') + '\n';
}
