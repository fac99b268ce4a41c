import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start a worker thread on the module `name` (without extension) next to `from` (the caller's import.meta.url):
 * `name.js` in the built dist/; under tsx (tests, benches) `name.ts` through a small bootstrap that registers tsx's
 * loader inside the worker first (loader hooks are per thread).
 */
export function startModuleWorker(name: string, from: string, opts: WorkerOptions = {}): Worker {
  if (from.endsWith('.ts')) {
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL(`./${name}.ts`, from).href;
    const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(from)}))`;
    return new Worker(code, { ...opts, eval: true });
  }
  return new Worker(new URL(`./${name}.js`, from), opts);
}
