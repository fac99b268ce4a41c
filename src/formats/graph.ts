/** A graph ready to write: nodes and edges with flat attributes (strings, numbers, booleans). */
export interface GraphDoc {
  readonly description: string;
  /** Declared attribute types by name (otherwise inferred: integer, double, boolean or string). */
  readonly types?: Readonly<Record<string, AttrType>>;
  readonly nodes: ReadonlyArray<{ id: string; label: string; attrs: Readonly<Record<string, AttrValue>> }>;
  readonly edges: ReadonlyArray<{
    source: string;
    target: string;
    label: string;
    weight: number;
    attrs: Readonly<Record<string, AttrValue>>;
  }>;
}

/** An attribute's declared type. */
export type AttrType = 'string' | 'integer' | 'double' | 'boolean';

/** An attribute value; null is omitted from the output. */
export type AttrValue = string | number | boolean | null;

interface AttrDecl {
  key: string;
  type: AttrType;
}

/** Escape text for XML content and attributes, dropping characters XML 1.0 forbids (controls, lone surrogates). */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function declare(
  items: ReadonlyArray<{ attrs: Readonly<Record<string, AttrValue>> }>,
  declared: Readonly<Record<string, AttrType>> = {},
): AttrDecl[] {
  const types = new Map<string, AttrDecl['type']>();
  for (const it of items)
    for (const [k, v] of Object.entries(it.attrs)) {
      if (v === null) continue;
      const t: AttrDecl['type'] =
        typeof v === 'number'
          ? Number.isInteger(v)
            ? 'integer'
            : 'double'
          : typeof v === 'boolean'
            ? 'boolean'
            : 'string';
      const had = types.get(k);
      const numeric = (x: AttrDecl['type'] | undefined): boolean => x === 'integer' || x === 'double';
      types.set(k, !had || had === t ? t : numeric(had) && numeric(t) ? 'double' : 'string');
    }
  return [...types]
    .map(([key, type]) => ({ key, type: declared[key] ?? type }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function text(v: Exclude<AttrValue, null>): string {
  return xmlEscape(typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '0') : String(v));
}

/** GEXF 1.2 (Gephi's native format): directed graph, typed node and edge attributes. */
export function toGexf(doc: GraphDoc): string {
  const nodeAttrs = declare(doc.nodes, doc.types);
  const edgeAttrs = declare(doc.edges, doc.types);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
    `  <meta><creator>Vigie</creator><description>${xmlEscape(doc.description)}</description></meta>`,
    '  <graph defaultedgetype="directed" mode="static">',
  ];
  const decl = (cls: string, attrs: AttrDecl[]): void => {
    out.push(`    <attributes class="${cls}">`);
    attrs.forEach((a, i) =>
      out.push(`      <attribute id="${i}" title="${xmlEscape(a.key)}" type="${a.type}"/>`),
    );
    out.push('    </attributes>');
  };
  const values = (attrs: AttrDecl[], rec: Readonly<Record<string, AttrValue>>): string => {
    const parts = attrs.flatMap((a, i) => {
      const v = rec[a.key];
      return v === null || v === undefined ? [] : [`<attvalue for="${i}" value="${text(v)}"/>`];
    });
    return parts.length ? `<attvalues>${parts.join('')}</attvalues>` : '';
  };
  decl('node', nodeAttrs);
  decl('edge', edgeAttrs);
  out.push('    <nodes>');
  for (const n of doc.nodes)
    out.push(
      `      <node id="${xmlEscape(n.id)}" label="${xmlEscape(n.label)}">${values(nodeAttrs, n.attrs)}</node>`,
    );
  out.push('    </nodes>', '    <edges>');
  doc.edges.forEach((e, i) =>
    out.push(
      `      <edge id="e${i}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}" label="${xmlEscape(e.label)}" weight="${text(e.weight)}">${values(edgeAttrs, e.attrs)}</edge>`,
    ),
  );
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}

/** GraphML (yEd, Gephi, NetworkX, igraph): `label` and `weight` keys as Gephi expects them. */
export function toGraphml(doc: GraphDoc): string {
  const nodeAttrs = [
    { key: 'label', type: 'string' as const },
    ...declare(doc.nodes, doc.types).filter((a) => a.key !== 'label'),
  ];
  const edgeAttrs = [
    { key: 'label', type: 'string' as const },
    { key: 'weight', type: 'double' as const },
    ...declare(doc.edges, doc.types).filter((a) => a.key !== 'label' && a.key !== 'weight'),
  ];
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <desc>${xmlEscape(doc.description)}</desc>`,
  ];
  const gmlType = (t: AttrDecl['type']): string => (t === 'integer' ? 'int' : t);
  nodeAttrs.forEach((a, i) =>
    out.push(
      `  <key id="kn${i}" for="node" attr.name="${xmlEscape(a.key)}" attr.type="${gmlType(a.type)}"/>`,
    ),
  );
  edgeAttrs.forEach((a, i) =>
    out.push(
      `  <key id="ke${i}" for="edge" attr.name="${xmlEscape(a.key)}" attr.type="${gmlType(a.type)}"/>`,
    ),
  );
  out.push('  <graph id="vigie" edgedefault="directed">');
  const data = (
    prefix: string,
    attrs: readonly AttrDecl[],
    rec: Readonly<Record<string, AttrValue>>,
  ): string =>
    attrs
      .flatMap((a, i) => {
        const v = rec[a.key];
        return v === null || v === undefined ? [] : [`<data key="${prefix}${i}">${text(v)}</data>`];
      })
      .join('');
  for (const n of doc.nodes)
    out.push(
      `    <node id="${xmlEscape(n.id)}">${data('kn', nodeAttrs, { ...n.attrs, label: n.label })}</node>`,
    );
  doc.edges.forEach((e, i) =>
    out.push(
      `    <edge id="e${i}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">${data('ke', edgeAttrs, { ...e.attrs, label: e.label, weight: e.weight })}</edge>`,
    ),
  );
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
