import type { AppError } from '../../domain/errors.js';

/**
 * The same store with the error of every rejected call mapped through `fault` (an unreachable server answers
 * DATABASE_UNREACHABLE naming it, not a driver's stack); errors `fault` does not know pass unchanged.
 */
export function guarded<T extends object>(store: T, fault: (e: unknown) => AppError | null): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        try {
          return await fn.apply(target, args);
        } catch (e) {
          throw fault(e) ?? e;
        }
      };
    },
  });
}
