// FFmpeg's raw frames read into one reused buffer (issue 18). FFmpeg's stdout is one end of a connected pair of
// local stream sockets; Node reads the other end with `onread`, straight into the free part of the frame
// buffer: no chunk is allocated, nothing is copied or concatenated in Node, a read never spans two frames.
// (A plain `stdio: 'pipe'` delivers a fresh 64 KiB Buffer per read through a Readable stream: about three times
// the CPU on Node's side for the 17.5 MB of a 5 s 1080x1080 clip's sampled frames, docs/video.md.)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type OnReadOpts, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../domain/errors.js';

/** How a frame pipe ended: the program's exit code, the start of its stderr, and the bytes of a partial frame. */
export interface FramePipeEnd {
  readonly code: number | null;
  readonly stderr: string;
  /** Bytes after the last whole frame (0 when the output was whole frames). */
  readonly partial: number;
}

/** A private directory (mode 0700) whose socket path fits the 108-byte limit of Unix socket addresses. */
function privateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-frames-'));
  if (Buffer.byteLength(join(dir, 's')) <= 100) return dir;
  rmSync(dir, { recursive: true, force: true });
  return mkdtempSync('/tmp/vigie-frames-');
}

/** A connected pair of local stream sockets: `reader` reads with `onread`, `writer` is for the child. */
async function socketPair(onread: OnReadOpts): Promise<{ reader: Socket; writer: Socket }> {
  const dir = privateDir();
  const path = join(dir, 's');
  const server = createServer({ pauseOnConnect: true });
  try {
    server.listen(path);
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[Socket]>;
    const reader = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ path, onread }, () => resolve(s));
      s.once('error', reject);
    });
    const [writer] = await accepted;
    return { reader, writer };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Run `cmd args` with its stdout cut into frames of `frameBytes`; `onFrame` sees each whole frame in the one
 * reused buffer (valid until it returns). Rejects when the program cannot be started (MEDIA_UNDECODABLE) or
 * `onFrame` throws (its error).
 */
export async function runFramePipe(
  cmd: string,
  args: readonly string[],
  frameBytes: number,
  onFrame: (frame: Uint8Array) => void,
): Promise<FramePipeEnd> {
  const frame = new Uint8Array(frameBytes);
  let fill = 0;
  let failure: unknown = null;
  let child: ChildProcess | null = null;
  const { reader, writer } = await socketPair({
    buffer: () => frame.subarray(fill),
    callback: (n) => {
      fill += n;
      if (fill < frameBytes) return true;
      fill = 0;
      try {
        onFrame(frame);
        return true;
      } catch (e) {
        failure ??= e;
        child?.kill();
        reader.destroy();
        return false;
      }
    },
  });
  reader.on('error', (e) => (failure ??= e));
  const readerClosed = once(reader, 'close');
  let stderr = '';
  let code: number | null;
  try {
    code = await new Promise<number | null>((resolve, reject) => {
      const p = spawn(cmd, args, { stdio: ['ignore', writer, 'pipe'] });
      child = p;
      writer.destroy(); // the child holds its own copy: end of file comes when it exits
      p.stderr?.on('data', (d: Buffer) => {
        if (stderr.length < 4096) stderr += d.toString();
      });
      p.on('error', (e) =>
        reject(new AppError('MEDIA_UNDECODABLE', `cannot run ${cmd}: ${e.message} (install FFmpeg)`)),
      );
      p.on('close', resolve);
    });
    await readerClosed;
  } finally {
    writer.destroy();
    reader.destroy();
  }
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return { code, stderr, partial: fill };
}
