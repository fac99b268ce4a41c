import { existsSync, readFileSync } from 'node:fs';
import { isAppError } from '../domain/errors.js';
import { issue, type ItemIssue } from '../domain/issue.js';
import { vpdqOfVideo, type VpdqOptions } from '../pipeline/hash/video.js';
import {
  compareVpdq,
  formatVpdqText,
  parseVpdq,
  type VpdqComparison,
  type VpdqFrame,
  type VpdqMatchOptions,
  type VpdqSize,
} from '../signals/vpdq/index.js';

export { isVpdqSize, type VpdqSize } from '../signals/vpdq/index.js';

/** Options of `vigie vpdq`. */
export interface VpdqFilesInput extends Omit<VpdqOptions, 'threads'> {
  readonly files: readonly string[];
  /** Compare the first file with each other one (vPDQ match) instead of printing frames. */
  readonly compare?: boolean;
  readonly match?: VpdqMatchOptions;
}

/** The vPDQ of one file, as `vigie vpdq` prints it. */
export interface VpdqFileResult {
  readonly path: string;
  readonly size: VpdqSize | 'file';
  /** Hash every K-th decoded frame (null for a hash file read as is). */
  readonly every: number | null;
  readonly fps: number | null;
  readonly frames: readonly VpdqFrame[];
}

/** One comparison of the first file (the query) with another. */
export interface VpdqFileComparison extends VpdqComparison {
  readonly query: string;
  readonly compared: string;
}

/** A vPDQ hash file (reference text or HMA JSON) is read, not decoded: `.txt` / `.json` / `.vpdq` names. */
function isHashFile(path: string): boolean {
  return /\.(txt|json|vpdq)$/i.test(path);
}

async function framesOf(path: string, input: VpdqFilesInput): Promise<VpdqFileResult> {
  if (isHashFile(path)) {
    return { path, size: 'file', every: null, fps: null, frames: parseVpdq(readFileSync(path, 'utf8')) };
  }
  const { files: _f, compare: _c, match: _m, ...opts } = input;
  const r = await vpdqOfVideo(path, { ...opts, threads: 0 });
  return { path, size: r.size, every: r.every, fps: r.info.fps, frames: r.frames };
}

/** Hash video files with vPDQ in the order given (no case needed), and optionally compare them; bad files become issues. */
export async function vpdqFiles(
  _deps: Record<string, never>,
  input: VpdqFilesInput,
): Promise<{ files: VpdqFileResult[]; comparisons: VpdqFileComparison[]; issues: ItemIssue[] }> {
  const files: VpdqFileResult[] = [];
  const issues: ItemIssue[] = [];
  for (const path of input.files) {
    if (!existsSync(path)) {
      issues.push(issue('FILE_NOT_FOUND', path, 'file', `${path}: no such file`));
      continue;
    }
    try {
      files.push(await framesOf(path, input));
    } catch (e) {
      if (!isAppError(e)) throw e;
      issues.push(issue(e.code, path, 'file', e.message));
    }
  }
  const comparisons: VpdqFileComparison[] = [];
  const [first, ...rest] = files;
  if (input.compare && first) {
    for (const other of rest) {
      const c = compareVpdq(first.frames, other.frames, input.match);
      comparisons.push({ query: first.path, compared: other.path, ...c });
    }
  }
  return { files, comparisons, issues };
}

/** The reference's text format for one file; with several files given each block starts with `# PATH`. */
export function formatVpdqFile(f: VpdqFileResult, withHeader: boolean): string {
  return (withHeader ? `# ${f.path}\n` : '') + formatVpdqText(f.frames);
}

/** One comparison as text: percentages, verdict and matched segments (seconds). */
export function formatVpdqComparison(c: VpdqFileComparison): string {
  const head = `${c.isMatch ? 'MATCH' : 'no match'} query ${c.queryPercent}% of ${c.queryFrames} frames, compared ${c.comparePercent}% of ${c.compareFrames}: ${c.query} vs ${c.compared}`;
  const segs = c.segments.map(
    (s) =>
      `  ${s.queryStart.toFixed(3)}-${s.queryEnd.toFixed(3)} s ~ ${s.compareStart.toFixed(3)}-${s.compareEnd.toFixed(3)} s (${s.frames} frames)`,
  );
  return [head, ...segs].join('\n');
}
