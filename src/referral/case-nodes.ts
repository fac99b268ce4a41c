import { stableUuid } from './model.js';

/** Building blocks of the CASE/UCO 1.4.0 graph: the inline context, typed literals, ids. */

/** A JSON-LD node. */
export type Node = Record<string, unknown>;

/** The inline context (never a remote one): the agency namespace `kb` and the CASE/UCO prefixes. */
export function contextOf(packageId: string): Node {
  return {
    kb: `urn:vigie:${packageId}:`,
    'case-investigation': 'https://ontology.caseontology.org/case/investigation/',
    co: 'http://purl.org/co/',
    'uco-action': 'https://ontology.unifiedcyberontology.org/uco/action/',
    'uco-analysis': 'https://ontology.unifiedcyberontology.org/uco/analysis/',
    'uco-core': 'https://ontology.unifiedcyberontology.org/uco/core/',
    'uco-identity': 'https://ontology.unifiedcyberontology.org/uco/identity/',
    'uco-observable': 'https://ontology.unifiedcyberontology.org/uco/observable/',
    'uco-tool': 'https://ontology.unifiedcyberontology.org/uco/tool/',
    'uco-types': 'https://ontology.unifiedcyberontology.org/uco/types/',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
  };
}

/** An `xsd:dateTime` literal with seconds (the ISO-8601 UTC form Vigie stores). */
export const dateTime = (iso: string): Node => ({
  '@type': 'xsd:dateTime',
  '@value': iso.replace(/\.\d+Z$/, 'Z'),
});

/** An `xsd:hexBinary` literal. */
export const hex = (value: string): Node => ({ '@type': 'xsd:hexBinary', '@value': value.toLowerCase() });

/** An `xsd:integer` literal (sizeInBytes). */
export const integer = (n: number): Node => ({ '@type': 'xsd:integer', '@value': String(n) });

/** A typed non-negative integer literal. */
export const nonNegative = (n: number): Node => ({ '@type': 'xsd:nonNegativeInteger', '@value': String(n) });

/** A reference to a node. */
export const ref = (id: string): Node => ({ '@id': id });

/** Ids of one package: `kb:<kind>-<uuid>`, derived from the case key (no personal data in an IRI). */
export function idMaker(caseKey: string): (kind: string, key: string) => string {
  return (kind, key) => `kb:${kind}-${stableUuid(caseKey, kind, key)}`;
}

/** A `uco-types:Hash`. */
export function hashNode(id: string, method: string, value: string): Node {
  return {
    '@id': id,
    '@type': 'uco-types:Hash',
    'uco-types:hashMethod': method,
    'uco-types:hashValue': hex(value),
  };
}

/** A directional `ObservableRelationship` (Attachment_Of, Replied_To …). */
export function relationship(id: string, kind: string, source: string, target: string): Node {
  return {
    '@id': id,
    '@type': 'uco-observable:ObservableRelationship',
    'uco-core:source': [ref(source)],
    'uco-core:target': ref(target),
    'uco-core:kindOfRelationship': kind,
    'uco-core:isDirectional': true,
  };
}
