/** The sigma.js canvas of a graph: click a node → onPick; `focus` highlights a node and centres the camera on it. */
import { useEffect, useRef } from 'react';
import Sigma from 'sigma';
import { EdgeBandProgram } from './edge-program.js';
import { cameraMoving, NodeDiscProgram } from './programs.js';
import type { MultiDirectedGraph } from 'graphology';
import type { EdgeAttrs, NodeAttrs } from './graph.js';

/** How long after a frame drawn while moving the canvas checks whether the camera has stopped. */
const SETTLE_MS = 150;

/** Above this many edges the camera moves without drawing edges and labels. */
export const LARGE_EDGES = 5000;

/** Props of the canvas. */
export interface SigmaCanvasProps {
  graph: MultiDirectedGraph<NodeAttrs, EdgeAttrs>;
  focus: string | null;
  label: string;
  onPick: (id: string) => void;
}

/**
 * Draw the graph with sigma (WebGL). The container says `data-view-ready="network"` after the first frame and
 * `data-focused="<id>"` once the camera has reached the focused node (which then sits at the canvas's centre).
 */
export function SigmaCanvas({ graph, focus, label, onPick }: SigmaCanvasProps) {
  const box = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma<NodeAttrs, EdgeAttrs> | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Nodes and edges are drawn without instancing (see programs.ts: SwiftShader draws each instance on its own).
    // A large graph pans with its nodes only (edges and labels come back when the camera stops), as sigma advises.
    const large = graph.size > LARGE_EDGES;
    const s = new Sigma<NodeAttrs, EdgeAttrs>(graph, el, {
      renderEdgeLabels: false,
      nodeProgramClasses: { circle: NodeDiscProgram },
      edgeProgramClasses: { line: EdgeBandProgram },
      labelRenderedSizeThreshold: 9,
      zIndex: true,
      hideEdgesOnMove: large,
      hideLabelsOnMove: large,
    });
    // A drag that ends over a node pans the camera; only a click where the button went down picks the node.
    let down = { x: 0, y: 0 };
    s.on('downNode', ({ event }) => (down = { x: event.x, y: event.y }));
    s.on('downStage', ({ event }) => (down = { x: event.x, y: event.y }));
    s.on('downEdge', ({ event }) => (down = { x: event.x, y: event.y }));
    s.on('clickNode', ({ node, event }) => {
      if (Math.hypot(event.x - down.x, event.y - down.y) <= 4) pick.current(node);
    });
    s.on('enterNode', () => (el.style.cursor = 'pointer'));
    s.on('leaveNode', () => (el.style.cursor = ''));
    // Sigma's constructor draws the first frame synchronously.
    el.setAttribute('data-view-ready', 'network');
    sigma.current = s;
    // The picking buffer (and, for a large graph, edges and labels) is drawn only at rest: once a move is over, if
    // sigma has not drawn again by itself, draw once more.
    let settle: number | undefined;
    const settleLater = () => {
      settle = window.setTimeout(() => (cameraMoving(s) ? settleLater() : s.scheduleRender()), SETTLE_MS);
    };
    s.on('afterRender', () => {
      window.clearTimeout(settle);
      if (cameraMoving(s)) settleLater();
    });
    return () => {
      el.removeAttribute('data-view-ready');
      el.removeAttribute('data-focused');
      window.clearTimeout(settle);
      s.kill();
      sigma.current = null;
    };
  }, [graph]);
  useEffect(() => {
    const s = sigma.current;
    const el = box.current;
    if (!s || !el || !focus || !graph.hasNode(focus)) return;
    el.removeAttribute('data-focused');
    graph.forEachNode((n, a) => {
      if (a.highlighted) graph.setNodeAttribute(n, 'highlighted', false);
    });
    graph.setNodeAttribute(focus, 'highlighted', true);
    const d = s.getNodeDisplayData(focus);
    if (!d) return;
    let live = true;
    void s
      .getCamera()
      .animate({ x: d.x, y: d.y, ratio: 0.15 }, { duration: 300 })
      .then(() => {
        // Focused once a frame is drawn at rest (a click then picks the node under it).
        const mark = () => {
          if (!live) return;
          if (cameraMoving(s)) s.once('afterRender', mark);
          else el.setAttribute('data-focused', focus);
        };
        s.once('afterRender', mark);
        s.scheduleRender();
      });
    return () => {
      live = false;
    };
  }, [focus, graph]);
  return (
    <div
      ref={box}
      className="network-canvas"
      role="img"
      aria-label={label}
      style={{ height: '70vh', minHeight: '24rem', border: '1px solid #ccc', background: '#fff' }}
    />
  );
}
