import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';

/** How long a reveal's URL works, in milliseconds. */
export const REVEAL_TTL_MS = 60_000;

/** What a token opens: one media of one case, for one person, until `expires`. */
interface RevealGrant {
  readonly person: string;
  readonly caseDir: string;
  readonly sha256: string;
  readonly expires: number;
}

/**
 * Single-use reveal tokens, held in the server process's memory only: a restart forgets them (the person reveals
 * again; the audit trail keeps every reveal). 256 random bits each.
 */
export class RevealTokens {
  readonly #grants = new Map<string, RevealGrant>();

  constructor(private readonly now: () => number) {}

  /** A new token for this person, case and media; forgets expired ones. */
  issue(g: Omit<RevealGrant, 'expires'>): { token: string; expires: number } {
    const t = this.now();
    for (const [k, v] of this.#grants) if (v.expires <= t) this.#grants.delete(k);
    const token = randomBytes(32).toString('base64url');
    const expires = t + REVEAL_TTL_MS;
    this.#grants.set(token, { ...g, expires });
    return { token, expires };
  }

  /**
   * Use a token once: FORBIDDEN when unknown, used, expired, or for another person, case or media (a token tried
   * by another person stays usable by its owner).
   */
  use(token: string, g: Omit<RevealGrant, 'expires'>): void {
    const found = this.#grants.get(token);
    if (!found || found.expires <= this.now()) {
      this.#grants.delete(token);
      throw new AppError('FORBIDDEN', 'reveal token: unknown, already used or expired; reveal again');
    }
    if (found.person !== g.person || found.caseDir !== g.caseDir || found.sha256 !== g.sha256)
      throw new AppError('FORBIDDEN', 'reveal token: issued to another person or for another media');
    this.#grants.delete(token);
  }
}
