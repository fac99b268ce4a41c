import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start a worker thread on the module `name` (without extension) next to `from` (the caller's import.meta.url):
 * `name.js` in the built dist/; under tsx (tests, benches) `name.ts`, loaded through tsx's API inside the worker
 * (loader hooks are per thread). The parent's execArgv is not passed on (`--input-type`, `-e` … would stop the
 * worker). When the module cannot be loaded and `workerData` holds a `port` and a `signal` (the synchronous
 * hand-over of read-packed.ts), the failure is posted there as `{ error }` and `signal[0]` is bumped, so that a
 * parent blocked in Atomics.wait learns of it instead of waiting for a thread that never ran.
 */
export function startModuleWorker(name: string, from: string, opts: WorkerOptions = {}): Worker {
  const ts = from.endsWith('.ts');
  const entry = new URL(`./${name}.${ts ? 'ts' : 'js'}`, from).href;
  const load = ts
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(from)}))`
    : `import(${JSON.stringify(entry)})`;
  const code = `${load}.catch((e) => {
  const { workerData } = require('node:worker_threads');
  if (!workerData || !workerData.port || !workerData.signal) throw e;
  workerData.port.postMessage({ error: { code: null, message: 'the worker thread did not start: ' + String((e && e.stack) || e) } });
  const sig = new Int32Array(workerData.signal);
  Atomics.add(sig, 0, 1);
  Atomics.notify(sig, 0);
});`;
  return new Worker(code, { ...opts, eval: true, execArgv: [] });
}
