import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CaseContext } from './context.js';
import { listTargets, type TargetItem } from './list-targets.js';
import { gatherReferral } from './refer-data.js';
import { AppError } from '../domain/errors.js';
import { loadSigningKey } from '../store/keys.js';
import { buildBag, digestOf, SIGNED_FILE, type BagFile } from '../referral/bagit.js';
import { dataFiles, validationFile } from '../referral/payload.js';
import { buildReports, REPORT_LANGUAGES } from '../referral/report.js';
import { validateCase, type ShaclReport } from '../referral/shacl.js';
import { REFER_COMMAND } from '../domain/audit-commands.js';

/** Input of `vigie refer`. */
export interface ReferInput {
  /** Actor ids; empty with `accepted`. */
  readonly actors: readonly string[];
  readonly country: string;
  /** Every accepted target attributed to the country. */
  readonly accepted?: boolean;
  readonly out: string;
  /** Report languages besides French (English when none). */
  readonly languages?: readonly string[];
  readonly includeMedia?: boolean;
  readonly agency?: string;
  readonly reference?: string;
  /** Refer despite a refusal (no accepted decision, attributed elsewhere), with a reason (audited). */
  readonly force?: boolean;
  readonly reason?: string;
  /** Folder of the CASE 1.4.0 shapes: validate the graph (0 violations or no package). */
  readonly shapes?: string;
}

/** What `vigie refer` reports. */
export interface ReferResult {
  readonly packageId: string;
  readonly out: string;
  readonly country: string;
  readonly actors: readonly string[];
  readonly files: number;
  readonly bytes: number;
  readonly tagManifestSha256: string;
  readonly signer: string;
  readonly validation: { conforms: boolean; triples: number; violations: number } | null;
  readonly auditSeq: number;
}

/** Which targets are referred, or the refusal naming the actor. */
function chooseTargets(all: readonly TargetItem[], input: ReferInput, country: string): TargetItem[] {
  if (input.accepted) {
    if (input.actors.length) throw new AppError('USAGE', '--accepted takes no ACTOR');
    const picked = all.filter((t) => t.decision?.decision === 'accept' && t.attribution?.country === country);
    if (!picked.length)
      throw new AppError('NOT_FOUND', `--to ${country}: no accepted target is attributed to ${country}`);
    return picked;
  }
  if (!input.actors.length) throw new AppError('USAGE', 'name at least one ACTOR, or give --accepted');
  const byId = new Map(all.map((t) => [t.actor, t]));
  const forced = input.force === true;
  return [...new Set(input.actors)].map((a) => {
    const t = byId.get(a) ?? byId.get(`telegram:${a}`) ?? byId.get(`telegram:user${a}`);
    if (!t)
      throw new AppError(
        'NOT_FOUND',
        `${a}: not a scored target of this case (run 'npx vigie analyse' first)`,
      );
    if (!forced && t.decision?.decision !== 'accept')
      throw new AppError(
        'REFERRAL_REFUSED',
        `${t.actor}: no accepted decision (vigie target ${t.actor} --decide accept), or --force --reason`,
      );
    const at = t.attribution?.country ?? null;
    if (!forced && at !== country)
      throw new AppError(
        'REFERRAL_REFUSED',
        `${t.actor}: attributed ${at === null ? 'to no country (abstained)' : `to ${at}`}, not ${country}; or --force --reason`,
      );
    return t;
  });
}

/** The languages of the reports: French always, then each asked for (English when none). */
export function reportLanguages(asked: readonly string[] | undefined): string[] {
  const langs = ['fr', ...(asked?.length ? asked.map((l) => l.trim().toLowerCase()) : ['en'])];
  for (const l of langs)
    if (!REPORT_LANGUAGES.includes(l))
      throw new AppError('USAGE', `--lang ${l}: reports exist in ${REPORT_LANGUAGES.join(', ')}`);
  return [...new Set(langs)];
}

function writeBag(out: string, files: readonly BagFile[]): void {
  if (existsSync(out) && readdirSync(out).length)
    throw new AppError(
      'USAGE',
      `--out ${out}: exists and is not empty; a package is written into a new folder`,
    );
  for (const f of files) {
    const p = join(out, ...f.path.split('/'));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes, { flag: 'wx' });
  }
}

/** Build, sign, write and record a referral package for targets attributed to one country (ADR 0025). */
export async function referActors(
  deps: Pick<CaseContext, 'store' | 'info' | 'evidence' | 'user'>,
  input: ReferInput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReferResult> {
  const country = input.country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    throw new AppError('USAGE', `--to ${input.country}: expected an ISO 3166-1 alpha-2 code`);
  const forced = input.force === true ? (input.reason ?? '').trim() : null;
  if (forced === '') throw new AppError('USAGE', '--force needs --reason TEXT (audited)');
  // Recorded with the package: why a refusal was overridden, or why it was built (the workbench asks with media).
  const why = forced ?? (input.reason?.trim() ? input.reason.trim() : null);
  const languages = reportLanguages(input.languages);
  const key = loadSigningKey(env);
  if (!key)
    throw new AppError(
      'KEY_NOT_FOUND',
      "no unit key signs packages; create one with 'vigie keys create --name UNIT'",
    );
  const targets = chooseTargets(await listTargets(deps), input, country);
  const data = await gatherReferral(deps, targets, {
    country,
    agency: input.agency ?? deps.info.name,
    reference: input.reference ?? null,
    includeMedia: input.includeMedia === true,
    forced: forced === null ? null : { reason: forced },
  });
  const { graph, files } = dataFiles(data);
  const shapes = input.shapes ?? env['VIGIE_CASE_SHAPES'];
  let validation: ShaclReport | null = null;
  if (shapes) {
    validation = await validateCase(graph, resolve(shapes));
    const bad = validation.results.find((r) => r.severity !== 'Info');
    if (bad && env['VIGIE_DEBUG_SHACL'])
      process.stderr.write(
        JSON.stringify(
          validation.results.filter((r) => r.severity !== 'Info'),
          null,
          1,
        ) + '\n',
      );
    if (bad)
      throw new AppError(
        'PACKAGE_INVALID',
        `data/case.jsonld: ${bad.severity} at ${bad.focus} ${bad.path ?? ''}: ${bad.message}`,
      );
    files.push(validationFile(validation));
  }
  files.push(...(await buildReports(data, languages, validation !== null)));
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${(key.publicDer.match(/.{1,64}/g) ?? []).join('\n')}\n-----END PUBLIC KEY-----\n`;
  const bag = buildBag(
    files,
    {
      sourceOrganization: data.agency,
      externalIdentifier: data.packageId,
      baggingDate: new Date().toISOString().slice(0, 10),
      caseReference: input.reference ?? deps.info.name,
      extra: [
        ['Bag-Software-Agent', `Vigie ${data.toolVersion}`],
        ['Recipient-Country', country],
        ['Standards', 'CASE 1.4.0 / UCO 1.4.0 JSON-LD; VICS 2.0 #Cases; BagIt 1.0; Ed25519 signature'],
        ['CASE-Validation', validation ? `SHACL ${validation.shapes}: 0 violations, 0 warnings` : 'not run'],
        ['Signer-Fingerprint', `sha256 ${key.fingerprint}`],
      ],
    },
    { privateKey: key.privateKey, publicKeyPem },
  );
  const out = resolve(input.out);
  writeBag(out, bag);
  const tagManifestSha256 = digestOf('sha256', bag.find((f) => f.path === SIGNED_FILE)!.bytes);
  const actors = targets.map((t) => t.actor).sort();
  const at = new Date().toISOString();
  const auditSeq = await deps.store.transaction(async (tx) => {
    const e = await tx.audit.append({
      user: deps.user,
      command: REFER_COMMAND,
      subject: data.packageId,
      details: {
        country,
        actors,
        tagManifestSha256,
        includeMedia: data.includeMedia,
        forced: forced !== null,
        reason: why,
        signer: key.fingerprint,
      },
      at,
    });
    await tx.referrals.append({
      packageId: data.packageId,
      country,
      actors,
      tagManifestSha256,
      signer: key.fingerprint,
      includeMedia: data.includeMedia,
      forced: forced !== null,
      reason: why,
      user: deps.user,
      at,
      auditSeq: e.seq,
    });
    return e.seq;
  });
  return {
    packageId: data.packageId,
    out,
    country,
    actors,
    files: bag.length,
    bytes: bag.reduce((n, f) => n + f.bytes.length, 0),
    tagManifestSha256,
    signer: key.fingerprint,
    validation: validation && {
      conforms: validation.conforms,
      triples: validation.triples,
      violations: validation.results.filter((r) => r.severity === 'Violation').length,
    },
    auditSeq,
  };
}
