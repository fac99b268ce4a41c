// The frame pipe cuts a program's stdout into whole frames in one reused buffer, reports the bytes of a partial
// last frame, passes on onFrame's error, and names a program it cannot start (real processes, no FFmpeg needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAppError } from '../../domain/errors.js';
import { runFramePipe } from './video-pipe.js';

test('frames are cut from the stream in order, a partial last frame is counted, not delivered', async () => {
  const seen: string[] = [];
  const buffers = new Set<ArrayBufferLike>();
  const end = await runFramePipe('printf', ['abcdefghij'], 3, (f) => {
    seen.push(Buffer.from(f).toString());
    buffers.add(f.buffer);
  });
  assert.deepEqual(seen, ['abc', 'def', 'ghi']);
  assert.equal(buffers.size, 1, 'one reused frame buffer');
  assert.deepEqual(end, { code: 0, stderr: '', partial: 1 });
});

test('a large output arrives whole through many reads; exit code and stderr come back', async () => {
  const frameBytes = 1 << 20;
  let frames = 0;
  let sum = 0;
  const script = 'head -c 5242880 /dev/zero | tr "\\0" "\\1"; echo oops >&2; exit 3';
  const end = await runFramePipe('sh', ['-c', script], frameBytes, (f) => {
    frames++;
    sum += f.reduce((a, b) => a + b, 0);
  });
  assert.equal(frames, 5);
  assert.equal(sum, 5 * frameBytes, 'every byte of every frame');
  assert.deepEqual(end, { code: 3, stderr: 'oops\n', partial: 0 });
});

test("onFrame's error rejects the pipe; a missing program is MEDIA_UNDECODABLE", async () => {
  await assert.rejects(
    runFramePipe('printf', ['abcdef'], 3, () => {
      throw new Error('bad frame');
    }),
    /bad frame/,
  );
  await assert.rejects(
    runFramePipe('/nonexistent/ffmpeg', [], 3, () => {}),
    (e: unknown) => {
      assert.ok(isAppError(e) && e.code === 'MEDIA_UNDECODABLE', String(e));
      assert.match(e.message, /cannot run \/nonexistent\/ffmpeg/);
      return true;
    },
  );
});
