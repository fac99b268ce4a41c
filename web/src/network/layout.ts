/** A deterministic layout for the actor network: communities on a sunflower spiral, members around their centre. */
import type { NetworkView } from '../../../src/contracts/network.js';

const GOLDEN = Math.PI * (3 - Math.sqrt(5));

/** A deterministic colour per community (12 hues; null community grey). */
export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#393b79',
  '#637939',
] as const;

/** The colour of a community. */
export function communityColour(c: number | null): string {
  return c === null ? '#999999' : (PALETTE[c % PALETTE.length] ?? '#999999');
}

/** The colour of the unit's own undercover accounts (the legend names it). */
export const UNDERCOVER_COLOUR = '#000000';

/** Edge colours by kind (the legend's order). */
export const EDGE_COLOURS = {
  reply: '#4e79a7',
  mention: '#9c9c9c',
  forward: '#e15759',
  repost: '#f28e2b',
  'co-membership': '#d4d4d4',
} as const satisfies Record<NetworkView['edges'][number][2], string>;

/**
 * Positions of the nodes (by index): communities by size (largest first, ties by number) placed on a sunflower
 * spiral whose area grows with the actors placed, members by PageRank (highest at the centre) on a small one.
 */
export function layoutOf(nodes: NetworkView['nodes']): Array<{ x: number; y: number }> {
  const groups = new Map<number, number[]>();
  nodes.forEach((n, i) => {
    const key = n[2] ?? -1;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const order = [...groups].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const out: Array<{ x: number; y: number }> = nodes.map(() => ({ x: 0, y: 0 }));
  let placed = 0;
  order.forEach(([, members], k) => {
    const r = k === 0 ? 0 : 1.8 * Math.sqrt(placed + members.length / 2);
    const cx = r * Math.cos(k * GOLDEN);
    const cy = r * Math.sin(k * GOLDEN);
    placed += members.length;
    members
      .sort((a, b) => (nodes[b]?.[3] ?? 0) - (nodes[a]?.[3] ?? 0) || a - b)
      .forEach((idx, i) => {
        const d = Math.sqrt(i + 0.5);
        out[idx] = { x: cx + d * Math.cos(i * GOLDEN), y: cy + d * Math.sin(i * GOLDEN) };
      });
  });
  return out;
}
