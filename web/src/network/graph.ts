/** Build the graphology graph sigma draws from the compact network answer. */
import { MultiDirectedGraph } from 'graphology';
import type { NetworkView } from '../../../src/contracts/network.js';
import { communityColour, EDGE_COLOURS, layoutOf, UNDERCOVER_COLOUR } from './layout.js';

/** Node attributes sigma reads. */
export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  /** Sigma draws a highlighted node with its label and a halo (the search's hit). */
  highlighted?: boolean;
}

/** Edge attributes sigma reads. */
export interface EdgeAttrs {
  size: number;
  color: string;
}

/** A graph of the selection: nodes keyed by actor id, sized by PageRank, coloured by community. */
export function graphOf(v: NetworkView): MultiDirectedGraph<NodeAttrs, EdgeAttrs> {
  const g = new MultiDirectedGraph<NodeAttrs, EdgeAttrs>();
  const pos = layoutOf(v.nodes);
  const max = Math.max(1e-9, ...v.nodes.map((n) => n[3]));
  v.nodes.forEach((n, i) => {
    const p = pos[i] ?? { x: 0, y: 0 };
    g.addNode(n[0], {
      x: p.x,
      y: p.y,
      size: 2 + 10 * Math.sqrt(n[3] / max),
      // An own undercover account (the 7th field, when the server sends it) is drawn apart from its community.
      color: (n as readonly unknown[])[6] === true ? UNDERCOVER_COLOUR : communityColour(n[2]),
      label: n[1],
    });
  });
  v.edges.forEach(([s, t, kind, w], i) => {
    const a = v.nodes[s]?.[0];
    const b = v.nodes[t]?.[0];
    if (a === undefined || b === undefined) return;
    g.addDirectedEdgeWithKey(String(i), a, b, {
      size: Math.min(4, 0.5 + Math.log2(1 + w) / 2),
      color: EDGE_COLOURS[kind],
    });
  });
  return g;
}
