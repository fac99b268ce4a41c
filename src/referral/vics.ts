import { stableUuid, slugOf, type ReferralData } from './model.js';
import type { BagFile } from './bagit.js';

/** What a VICS file is built from: the media and the case's identity (a package, or `vigie media --new --format vics`). */
export type VicsData = Pick<
  ReferralData,
  'media' | 'caseKey' | 'packageId' | 'reference' | 'agency' | 'toolVersion'
>;

/**
 * `data/vics.json`: VICS 2.0 `#Cases` (`../shared/specs/interchange.md` §1.1) listing every media file of the
 * targets with its hashes; `Category` is the analyst's code when one was set (Project VIC US scheme), else null with
 * the matched list's category in `Tags` and `Comments`, marked as such; first-post facts in `MediaFiles`.
 */
export function buildVics(d: VicsData): Record<string, unknown> {
  const media = d.media.map((f, i) => {
    const human = f.human?.scheme === 'projectvic-us' ? Number(f.human.code) : null;
    const notes: string[] = [];
    if (f.human && human === null) notes.push(`analyst category ${f.human.scheme}:${f.human.code}`);
    if (f.human) notes.push('category set by an analyst');
    else if (f.list)
      notes.push(
        `not categorised by an analyst; matched hash list "${f.list.list}" category ${f.list.scheme ?? '?'}:${f.list.code ?? '?'}`,
      );
    const first = f.posts[0];
    if (first)
      notes.push(
        `first posted ${first.dateUtc ?? '(time unknown)'} in ${first.chatId} message ${first.messageId} by ${first.author ?? '?'}`,
      );
    const alt = [{ HashName: 'SHA256', HashValue: f.sha256 }];
    if (f.pdq) alt.push({ HashName: 'PDQ', HashValue: f.pdq });
    return {
      MediaID: i + 1,
      Category: human,
      MD5: f.md5?.toUpperCase() ?? null,
      SHA1: f.sha1?.toUpperCase() ?? null,
      MediaSize: f.size,
      IsPrecategorized: 'false',
      MimeType: f.mime,
      ...(f.bytes ? { RelativeFilePath: `media\\${f.sha256}` } : {}),
      Comments: notes.join('; '),
      Tags: f.human
        ? `analyst:${f.human.scheme}:${f.human.code}`
        : f.list
          ? `list:${f.list.list}:${f.list.scheme ?? ''}:${f.list.code ?? ''}`
          : '',
      IsDistributed: f.posts.length > 1 ? 'true' : 'false',
      MediaFiles: f.posts.map((p) => ({
        MD5: f.md5?.toUpperCase() ?? null,
        FileName: f.fileName,
        FilePath: `${p.chatId}/${p.messageId}`,
        Created: p.dateUtc,
        SourceID: `${slugOf(p.chatId)}#${p.messageId}`,
      })),
      AlternativeHashes: alt,
    };
  });
  return {
    '@odata.context': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases',
    value: [
      {
        CaseID: `{${stableUuid(d.caseKey, 'vics-case', d.packageId).toUpperCase()}}`,
        CaseNumber: d.reference ?? d.packageId,
        ContactOrganization: d.agency,
        TotalMediaFiles: media.length,
        TotalPrecategorized: 0,
        SourceApplicationName: 'Vigie',
        SourceApplicationVersion: d.toolVersion,
        Media: media,
      },
    ],
  };
}

/** `data/evidence/`: each cited message's raw bytes as collected, and an index with the export file and byte range. */
export function buildEvidence(d: ReferralData): BagFile[] {
  const files: BagFile[] = [];
  const index: Record<string, unknown>[] = [];
  for (const m of d.messages) {
    if (!m.raw) continue;
    const path = `data/evidence/${slugOf(m.chatId)}/${m.messageId}.${m.raw.html ? 'html' : 'json'}`;
    files.push({ path, bytes: m.raw.bytes });
    index.push({
      chat: m.chatId,
      message: m.messageId,
      file: path.slice('data/'.length),
      exportSha256: m.raw.origin.exportSha256,
      offset: m.raw.origin.offset,
      length: m.raw.origin.length,
      source: m.raw.origin.sourceId,
    });
  }
  files.push({
    path: 'data/evidence/index.json',
    bytes: Buffer.from(JSON.stringify(index, null, 2) + '\n', 'utf8'),
  });
  return files;
}
