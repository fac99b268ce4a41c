import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import type { MediaAbsence, MediaRef } from '../model.js';
import { issue, type ItemIssue } from '../../../domain/issue.js';

/** What a path field resolved to. */
interface Resolved {
  absPath: string | null;
  absence: MediaAbsence | null;
  problem: string | null;
}

/** Resolves media path fields of one export safely: placeholders, `..`, absolute paths, symlinks leaving it. */
export class MediaResolver {
  private readonly rootReal: string;
  private readonly cache = new Map<string, Resolved>();
  constructor(readonly root: string) {
    this.rootReal = realpathSync(root);
  }

  /** Resolve one path field (memoised: many messages can share one file). */
  resolve(p: string): Resolved {
    let r = this.cache.get(p);
    if (!r) {
      r = this.compute(p);
      this.cache.set(p, r);
    }
    return r;
  }

  private compute(p: string): Resolved {
    const t = p.trim();
    if (t.startsWith('(') && t.endsWith(')')) {
      const absence: MediaAbsence = /not included/i.test(t)
        ? 'not_included'
        : /exceeds maximum size/i.test(t)
          ? 'too_large'
          : /unavailable/i.test(t)
            ? 'unavailable'
            : 'placeholder';
      return { absPath: null, absence, problem: null };
    }
    if (p === '' || isAbsolute(p) || p.startsWith('\\') || /^[A-Za-z]:/.test(p) || p.includes('\0'))
      return { absPath: null, absence: 'unsafe_path', problem: 'absolute path refused' };
    if (p.split(/[\\/]/).some((s) => s === '..'))
      return { absPath: null, absence: 'unsafe_path', problem: "path with '..' refused" };
    const abs = join(this.root, p);
    try {
      lstatSync(abs);
    } catch {
      return { absPath: null, absence: 'missing', problem: 'file not found in the export' };
    }
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return { absPath: null, absence: 'missing', problem: 'dangling symbolic link' };
    }
    if (!real.startsWith(this.rootReal + sep))
      return {
        absPath: null,
        absence: 'unsafe_path',
        problem: 'symbolic link pointing outside the export refused',
      };
    try {
      if (!lstatSync(real).isFile())
        return { absPath: null, absence: 'missing', problem: 'not a regular file' };
    } catch {
      return { absPath: null, absence: 'missing', problem: 'file not found in the export' };
    }
    return { absPath: real, absence: null, problem: null };
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const EXT_MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** The media references of one raw message (photo, file, thumbnail, vCard), with issues for refused/missing files. */
export function mediaRefs(
  o: Record<string, unknown>,
  resolver: MediaResolver,
  file: string,
  where: () => string,
  issues: ItemIssue[],
): MediaRef[] {
  const out: MediaRef[] = [];
  // Most messages have no media: return before building the closure below.
  if (!('photo' in o || 'file' in o || 'thumbnail' in o || 'contact_vcard' in o)) return out;
  const add = (role: string, kind: string, pathV: unknown, extra: Partial<MediaRef>): void => {
    const path = str(pathV);
    if (path === null) return;
    const r = resolver.resolve(path);
    if (r.problem)
      issues.push(
        issue(
          r.absence === 'unsafe_path' ? 'IMPORT_UNSAFE_PATH' : 'MEDIA_MISSING',
          file,
          where(),
          `${role} ${JSON.stringify(path)}: ${r.problem}`,
        ),
      );
    out.push({
      role,
      kind,
      path,
      absPath: r.absPath,
      absence: r.absence,
      mime: null,
      fileName: null,
      declaredSize: null,
      width: null,
      height: null,
      duration: null,
      ...extra,
    });
  };
  const dims = { width: num(o['width']), height: num(o['height']) };
  if ('photo' in o) {
    const ext = (str(o['photo']) ?? '').split('.').pop()?.toLowerCase() ?? '';
    add('photo', 'photo', o['photo'], {
      ...dims,
      declaredSize: num(o['photo_file_size']),
      mime: EXT_MIME[ext] ?? null,
    });
  }
  if ('file' in o)
    add('file', str(o['media_type']) ?? 'file', o['file'], {
      ...dims,
      mime: str(o['mime_type']),
      fileName: str(o['file_name']),
      declaredSize: num(o['file_size']),
      duration: num(o['duration_seconds']),
    });
  if ('thumbnail' in o)
    add('thumbnail', 'thumbnail', o['thumbnail'], {
      declaredSize: num(o['thumbnail_file_size']),
      mime: 'image/jpeg',
    });
  if ('contact_vcard' in o)
    add('contact_vcard', 'vcard', o['contact_vcard'], {
      declaredSize: num(o['contact_vcard_file_size']),
      mime: 'text/vcard',
    });
  return out;
}
