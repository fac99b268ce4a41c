import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { PackedMessage } from '../../domain/message-row.js';
import { AppError, ERROR_CODES, type ErrorCode } from '../../domain/errors.js';
import type { DetectedSource, ImportEvent, Importer, ReadOptions } from './model.js';
import { packForWriter } from './pack.js';
import { startModuleWorker } from '../worker-thread.js';

/** What the import writer consumes: messages packed (ADR 0009), chats, issues and metadata as importers emit them. */
export type PackedEvent = Exclude<ImportEvent, { type: 'message' }> | PackedMessage;

/** Reads one source as packed events; `close` releases it (a worker thread) whether or not it was read. */
export interface SourceReader {
  /** The source's events in batches (one generator step per batch, not per message). */
  read(opts: ReadOptions): Generator<readonly PackedEvent[], void>;
  close(): void;
}

/** Read a source on this thread, packing each message. */
export function* readPacked(
  importer: Importer,
  src: DetectedSource,
  opts: ReadOptions,
): Generator<PackedEvent, void> {
  for (const ev of importer.read(src, opts)) yield ev.type === 'message' ? packForWriter(ev.message) : ev;
}

/** A reader on this thread. */
export function inlineReader(importer: Importer, src: DetectedSource): SourceReader {
  function* read(opts: ReadOptions): Generator<readonly PackedEvent[], void> {
    let batch: PackedEvent[] = [];
    for (const ev of readPacked(importer, src, opts)) {
      batch.push(ev);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
  return { read, close: () => undefined };
}

/** Events per batch handed to the writer. */
export const BATCH = 512;
/** Batches a reading worker may run ahead of the writer (bounds memory: BATCH × AHEAD events in flight). */
export const AHEAD = 8;
/** Without a sign of life from the worker for this long, the read fails instead of waiting forever. */
const STALL_MS = 120_000;

/** Shared counters: [0] batches posted, [1] batches taken, [2] heartbeat. */
export type ReadSignal = Int32Array;

/** What the worker posts on the port. */
export type WorkerReply =
  | { readonly batch: PackedEvent[] }
  | { readonly done: true }
  | { readonly error: { code: string | null; message: string; details?: Record<string, unknown> } };

/** The job a reading worker starts with; the read options follow on the port. */
export interface ReadJob {
  readonly importer: string;
  readonly src: DetectedSource;
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

/**
 * A reader on a worker thread (ADR 0009), started at once so that the thread loads while the caller stores the main
 * file; `read` gives the same events as `readPacked`, handed over in batches and received synchronously, so the
 * caller can stay inside one synchronous SQLite transaction. The worker stays at most AHEAD batches ahead. An error
 * in the worker is rethrown here with its code.
 */
export function workerReader(importer: Importer, src: DetectedSource): SourceReader {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(12);
  const sig: ReadSignal = new Int32Array(signal);
  const job: ReadJob = { importer: importer.name, src, port: port2, signal };
  const worker = startModuleWorker('read-worker', import.meta.url, {
    workerData: job,
    transferList: [port2],
  });
  const close = (): void => {
    port1.close();
    void worker.terminate();
  };
  function* read(opts: ReadOptions): Generator<readonly PackedEvent[], void> {
    port1.postMessage(opts);
    let taken = 0;
    try {
      for (;;) {
        const got = receiveMessageOnPort(port1) as { message: WorkerReply } | undefined;
        if (!got) {
          const beat = Atomics.load(sig, 2);
          if (Atomics.wait(sig, 0, taken, STALL_MS) === 'timed-out' && Atomics.load(sig, 2) === beat)
            throw new AppError('INTERNAL', `${opts.displayName ?? src.mainFile}: the reading thread stopped`);
          continue;
        }
        const reply = got.message;
        if ('error' in reply) throw rebuild(reply.error);
        if ('done' in reply) return;
        Atomics.store(sig, 1, ++taken);
        Atomics.notify(sig, 1);
        yield reply.batch;
      }
    } finally {
      close();
    }
  }
  return { read, close };
}

function rebuild(e: { code: string | null; message: string; details?: Record<string, unknown> }): Error {
  return e.code && e.code in ERROR_CODES
    ? new AppError(e.code as ErrorCode, e.message, e.details)
    : new Error(e.message);
}
