import type { BagFile } from './bagit.js';
import { buildCaseGraph } from './case-jsonld.js';
import type { ReferralData } from './model.js';
import type { ShaclReport } from './shacl.js';
import { buildEvidence, buildVics } from './vics.js';

/** A JSON file of the payload: two-space indented, LF, final newline (deterministic). */
export function jsonFile(path: string, value: unknown): BagFile {
  return { path, bytes: Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8') };
}

/** The summary of a SHACL validation as the package states it. */
export function validationFile(report: ShaclReport): BagFile {
  const count = (s: string): number => report.results.filter((r) => r.severity === s).length;
  return jsonFile('data/validation.json', {
    standard: 'CASE 1.4.0 / UCO 1.4.0',
    shapes: report.shapes,
    procedure:
      'rdf-validate-shacl 0.6.5; SHACL-SPARQL re-implemented; subclass hierarchy in the data graph; Info not blocking',
    conforms: report.conforms,
    triples: report.triples,
    violations: count('Violation'),
    warnings: count('Warning'),
    infos: count('Info'),
    results: report.results.filter((r) => r.severity !== 'Info'),
  });
}

/** The payload but the report: case.jsonld, vics.json, evidence, media (when included). */
export function dataFiles(d: ReferralData): { graph: Record<string, unknown>; files: BagFile[] } {
  const graph = buildCaseGraph(d);
  const files: BagFile[] = [
    jsonFile('data/case.jsonld', graph),
    jsonFile('data/vics.json', buildVics(d)),
    ...buildEvidence(d),
  ];
  for (const f of d.media) if (f.bytes) files.push({ path: `data/media/${f.sha256}`, bytes: f.bytes });
  return { graph, files };
}
