/** Seeded pseudo-random numbers in [0, 1) (mulberry32): the same seed gives the same sequence. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Betweenness centrality (Brandes, unweighted, directed adjacency) normalised to [0, 1]. With more nodes than
 * `maxSources`, it samples that many source nodes with a seeded RNG and scales up (Brandes & Pich 2007).
 */
export function betweenness(
  n: number,
  adjacency: readonly (readonly number[])[],
  opts: { maxSources?: number; seed?: number } = {},
): { values: Float64Array; sampled: number | null } {
  const maxSources = opts.maxSources ?? 500;
  let sources = Array.from({ length: n }, (_, i) => i);
  let sampled: number | null = null;
  if (n > maxSources) {
    const rng = seededRng(opts.seed ?? 1);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [sources[i], sources[j]] = [sources[j]!, sources[i]!];
    }
    sources = sources.slice(0, maxSources).sort((a, b) => a - b);
    sampled = maxSources;
  }
  // Compressed forward and reverse adjacency (typed arrays, no per-source allocation).
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++)
    for (const w of adjacency[v]!) {
      outStart[v + 1]!++;
      inStart[w + 1]!++;
    }
  for (let v = 0; v < n; v++) {
    outStart[v + 1]! += outStart[v]!;
    inStart[v + 1]! += inStart[v]!;
  }
  const outAdj = new Int32Array(outStart[n]!);
  const inAdj = new Int32Array(inStart[n]!);
  const inFill = inStart.slice(0, n);
  for (let v = 0, k = 0; v < n; v++)
    for (const w of adjacency[v]!) {
      outAdj[k++] = w;
      inAdj[inFill[w]!++] = v;
    }
  const cb = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  for (const s of sources) {
    // BFS from s; `order` is the visit order (the queue), reused as the stack for accumulation.
    let qh = 0;
    let qt = 0;
    order[qt++] = s;
    dist.fill(-1);
    dist[s] = 0;
    sigma[s] = 1;
    delta[s] = 0;
    while (qh < qt) {
      const v = order[qh++]!;
      const dv = dist[v]! + 1;
      for (let k = outStart[v]!; k < outStart[v + 1]!; k++) {
        const w = outAdj[k]!;
        if (dist[w]! < 0) {
          dist[w] = dv;
          sigma[w] = 0;
          delta[w] = 0;
          order[qt++] = w;
        }
        if (dist[w] === dv) sigma[w]! += sigma[v]!;
      }
    }
    for (let i = qt - 1; i > 0; i--) {
      const w = order[i]!;
      const dw = dist[w]! - 1;
      const coeff = (1 + delta[w]!) / sigma[w]!;
      for (let k = inStart[w]!; k < inStart[w + 1]!; k++) {
        const v = inAdj[k]!;
        if (dist[v] === dw) delta[v]! += sigma[v]! * coeff;
      }
      cb[w]! += delta[w]!;
    }
  }
  const scale = (sampled ? n / sampled : 1) / Math.max(1, (n - 1) * (n - 2));
  for (let i = 0; i < n; i++) cb[i]! *= scale;
  return { values: cb, sampled };
}
