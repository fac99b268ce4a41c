import type { FastifyInstance } from 'fastify';
import { log } from './output.js';

/** Keep a listening server until SIGINT or SIGTERM, then close it (the foreground of `vigie serve` and `vigie demo`). */
export function serveUntilStopped(app: FastifyInstance): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (): void => {
      log('stopping');
      app.close().then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
