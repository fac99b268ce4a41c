/** The sigma.js canvas of a graph: click a node → onPick; `focus` centres the camera on a node. */
import { useEffect, useRef } from 'react';
import Sigma from 'sigma';
import type { MultiDirectedGraph } from 'graphology';
import type { EdgeAttrs, NodeAttrs } from './graph.js';

/** Props of the canvas. */
export interface SigmaCanvasProps {
  graph: MultiDirectedGraph<NodeAttrs, EdgeAttrs>;
  focus: string | null;
  label: string;
  onPick: (id: string) => void;
}

/** Draw the graph with sigma (WebGL); the container says `data-view-ready="network"` after the first frame. */
export function SigmaCanvas({ graph, focus, label, onPick }: SigmaCanvasProps) {
  const box = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma<NodeAttrs, EdgeAttrs> | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const s = new Sigma(graph, el, {
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 9,
      hideEdgesOnMove: graph.size > 20_000,
      zIndex: true,
    });
    s.on('clickNode', ({ node }) => pick.current(node));
    s.once('afterRender', () => el.setAttribute('data-view-ready', 'network'));
    sigma.current = s;
    (window as unknown as { __vigieSigma?: unknown }).__vigieSigma = s;
    return () => {
      el.removeAttribute('data-view-ready');
      s.kill();
      sigma.current = null;
    };
  }, [graph]);
  useEffect(() => {
    const s = sigma.current;
    if (!s || !focus || !graph.hasNode(focus)) return;
    graph.forEachNode((n) => graph.removeNodeAttribute(n, 'highlighted' as keyof NodeAttrs));
    graph.setNodeAttribute(focus, 'highlighted' as keyof NodeAttrs, true as never);
    const d = s.getNodeDisplayData(focus);
    if (d) void s.getCamera().animate({ x: d.x, y: d.y, ratio: 0.15 }, { duration: 300 });
  }, [focus, graph]);
  return (
    <div
      ref={box}
      className="network-canvas"
      role="img"
      aria-label={label}
      style={{ height: '70vh', border: '1px solid #ccc', background: '#fff' }}
    />
  );
}
