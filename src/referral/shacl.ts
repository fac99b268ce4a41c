import { existsSync } from 'node:fs';
import { join } from 'node:path';
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';
import jsonld from 'jsonld';
import type { Quad, Term } from '@rdfjs/types';
import { AppError } from '../domain/errors.js';

/**
 * CASE/UCO 1.4.0 validation in Node, the procedure of `../shared/specs/interchange.md` §3.2: the monolith's shapes
 * without SHACL-SPARQL, the JSON-LD in safe mode with no document loader, the subclass hierarchy mixed into the data,
 * `owl:imports` not followed, Info not blocking, and the instance-level SPARQL rules and the undefined-term check
 * re-implemented here.
 */

/** One result: severity (Violation, Warning, Info), the focus node, the path and what the shape says. */
export interface ShaclResult {
  readonly severity: 'Violation' | 'Warning' | 'Info';
  readonly focus: string;
  readonly path: string | null;
  readonly message: string;
  readonly component: string;
}

/** The outcome: conforms when no Violation and no Warning; triples validated; the shapes file's name. */
export interface ShaclReport {
  readonly conforms: boolean;
  readonly triples: number;
  readonly shapes: string;
  readonly results: readonly ShaclResult[];
}

const MONOLITH = 'case-1.4.0.ttl';
const SUBCLASSES = 'case-1.4.0-subclasses.ttl';
const ONTOLOGY_IRI = /^https:\/\/ontology\.(unifiedcyberontology|caseontology)\.org\//;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const HAS_FACET = 'https://ontology.unifiedcyberontology.org/uco/core/hasFacet';
const UUID_END = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Dataset = ReturnType<typeof rdf.dataset>;
const loaded = new Map<string, Promise<{ shapes: Dataset; subclasses: Dataset; defined: Set<string> }>>();

/** The folder that holds the 1.4.0 monolith (the folder itself or its `case-uco/1.4.0`). */
export function shapesFolder(dir: string): string {
  for (const d of [dir, join(dir, '1.4.0'), join(dir, 'case-uco', '1.4.0')])
    if (existsSync(join(d, MONOLITH)) && existsSync(join(d, SUBCLASSES))) return d;
  throw new AppError('FILE_NOT_FOUND', `${dir}: no ${MONOLITH} with ${SUBCLASSES} (the CASE 1.4.0 shapes)`);
}

async function loadShapes(
  dir: string,
): Promise<{ shapes: Dataset; subclasses: Dataset; defined: Set<string> }> {
  const shapes = await rdf.dataset().import(rdf.fromFile(join(dir, MONOLITH)));
  for (const q of [...shapes.match(null, rdf.ns.sh.sparql)]) shapes.delete(q);
  const subclasses = await rdf.dataset().import(rdf.fromFile(join(dir, SUBCLASSES)));
  const defined = new Set<string>();
  for (const q of shapes) if (q.subject.termType === 'NamedNode') defined.add(q.subject.value);
  return { shapes, subclasses, defined };
}

function termOf(t: {
  termType: string;
  value: string;
  datatype?: { value: string };
  language?: string;
}): Term {
  switch (t.termType) {
    case 'NamedNode':
      return rdf.namedNode(t.value);
    case 'BlankNode':
      return rdf.blankNode(t.value.replace(/^_:/, ''));
    case 'Literal':
      return t.language
        ? rdf.literal(t.value, t.language)
        : rdf.literal(t.value, rdf.namedNode(t.datatype?.value ?? 'http://www.w3.org/2001/XMLSchema#string'));
    default:
      return rdf.defaultGraph();
  }
}

/** The document's triples, converted in safe mode with every remote document refused. */
export async function caseQuads(doc: object): Promise<Quad[]> {
  const documentLoader = (url: string): Promise<never> =>
    Promise.reject(
      new AppError('USAGE', `${url}: remote context refused (a package never fetches anything)`),
    );
  const raw = (await jsonld.toRDF(
    doc as jsonld.JsonLdDocument,
    { safe: true, documentLoader } as jsonld.Options.ToRdf,
  )) as unknown as {
    subject: Parameters<typeof termOf>[0];
    predicate: Parameters<typeof termOf>[0];
    object: Parameters<typeof termOf>[0];
  }[];
  return raw.map((q) =>
    rdf.quad(
      termOf(q.subject) as Quad['subject'],
      termOf(q.predicate) as Quad['predicate'],
      termOf(q.object) as Quad['object'],
    ),
  );
}

/** The instance-level SPARQL rules and the undefined-term check (spec §3.3 items 2 and 6). */
function ownRules(quads: readonly Quad[], defined: Set<string>): ShaclResult[] {
  const out: ShaclResult[] = [];
  const facetOwners = new Map<string, Set<string>>();
  const reported = new Set<string>();
  for (const q of quads) {
    const s = q.subject.value;
    if (q.predicate.value === RDF_TYPE && ONTOLOGY_IRI.test(q.object.value)) {
      if (q.subject.termType === 'BlankNode')
        out.push({
          severity: 'Violation',
          focus: s,
          path: null,
          component: 'vigie:UcoThingIri',
          message: 'a UcoThing must be an IRI, not a blank node',
        });
      else if (!UUID_END.test(s) && !reported.has(s)) {
        reported.add(s);
        out.push({
          severity: 'Info',
          focus: s,
          path: null,
          component: 'vigie:UcoThingUuid',
          message: 'a UcoThing IRI should end with a UUID',
        });
      }
    }
    if (q.predicate.value === HAS_FACET) {
      const owners = facetOwners.get(q.object.value) ?? new Set<string>();
      owners.add(s);
      facetOwners.set(q.object.value, owners);
    }
    for (const iri of [q.predicate.value, q.predicate.value === RDF_TYPE ? q.object.value : ''])
      if (iri && ONTOLOGY_IRI.test(iri) && !defined.has(iri) && !reported.has(iri)) {
        reported.add(iri);
        out.push({
          severity: 'Violation',
          focus: s,
          path: q.predicate.value,
          component: 'vigie:UndefinedTerm',
          message: `${iri} is not defined by CASE/UCO 1.4.0`,
        });
      }
  }
  for (const [facet, owners] of facetOwners)
    if (owners.size > 1)
      out.push({
        severity: 'Violation',
        focus: facet,
        path: HAS_FACET,
        component: 'vigie:FacetShared',
        message: `facet shared by ${owners.size} objects`,
      });
  return out;
}

const SUBCLASS_OF = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';

/**
 * Each typed node's ancestor types, written out (`rdf:type` of every superclass, from the subclass file): the same
 * class membership as mixing the hierarchy into the data graph (spec §3.2 step 4), so the same results, but
 * rdf-validate-shacl then finds every class on the node itself instead of walking the subclass tree below it on each
 * `sh:class` check (the walk was two thirds of the time on an 88k-triple package).
 */
function entailedTypes(quads: readonly Quad[], subclasses: Dataset): Quad[] {
  const up = new Map<string, string[]>();
  for (const q of subclasses)
    if (q.predicate.value === SUBCLASS_OF)
      up.set(q.subject.value, [...(up.get(q.subject.value) ?? []), q.object.value]);
  const ancestors = new Map<string, Set<string>>();
  const of = (c: string): Set<string> => {
    let a = ancestors.get(c);
    if (a) return a;
    a = new Set<string>();
    ancestors.set(c, a);
    for (const p of up.get(c) ?? []) {
      a.add(p);
      for (const x of of(p)) a.add(x);
    }
    return a;
  };
  const out: Quad[] = [];
  const type = rdf.namedNode(RDF_TYPE);
  const have = new Set(
    quads.filter((q) => q.predicate.value === RDF_TYPE).map((q) => `${q.subject.value} ${q.object.value}`),
  );
  for (const q of quads)
    if (q.predicate.value === RDF_TYPE)
      for (const a of of(q.object.value))
        if (!have.has(`${q.subject.value} ${a}`)) {
          have.add(`${q.subject.value} ${a}`);
          out.push(rdf.quad(q.subject, type, rdf.namedNode(a)));
        }
  return out;
}

/** Validate a CASE JSON-LD document against the CASE/UCO 1.4.0 shapes in `shapesDir`. */
export async function validateCase(doc: object, shapesDir: string): Promise<ShaclReport> {
  const dir = shapesFolder(shapesDir);
  let pending = loaded.get(dir);
  if (!pending) loaded.set(dir, (pending = loadShapes(dir)));
  const { shapes, subclasses, defined } = await pending;
  const quads = await caseQuads(doc);
  const data = rdf.dataset([...quads, ...entailedTypes(quads, subclasses)]);
  const validator = new SHACLValidator(shapes, { factory: rdf, importGraph: () => rdf.dataset() });
  const report = await validator.validate(data);
  const results: ShaclResult[] = report.results.map((r) => {
    const sev = r.severity?.value ?? '';
    return {
      severity: sev.endsWith('#Info') ? 'Info' : sev.endsWith('#Warning') ? 'Warning' : 'Violation',
      focus: r.focusNode?.value ?? '',
      path: r.path?.value ?? null,
      message: r.message.map((m) => m.value).join('; '),
      component: r.sourceConstraintComponent?.value ?? '',
    };
  });
  results.push(...ownRules(quads, defined));
  return {
    conforms: results.every((r) => r.severity === 'Info'),
    triples: quads.length,
    shapes: MONOLITH,
    results,
  };
}
