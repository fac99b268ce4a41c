// Pure PDQ matching stage: list entries in a multi-index hashing index, media hashes (and variants) as queries.
import { PDQ_WORDS, PdqIndex, pdqToWords } from '../../signals/index/mih.js';

/** PDQ list entries packed for indexing: entry ids and list numbers beside the hash words (typed arrays). */
export class PdqEntrySet {
  private words = new Uint32Array(1024 * PDQ_WORDS);
  private ids = new Float64Array(1024);
  private lists = new Uint16Array(1024);
  private readonly listNames: string[] = [];
  private readonly listIndex = new Map<string, number>();
  private n = 0;

  /** Number of entries added. */
  get size(): number {
    return this.n;
  }

  /** Add one entry (entry id, list name, 64 hex digits). */
  add(entryId: number, list: string, hex: string): void {
    if (this.n === this.ids.length) this.grow();
    let li = this.listIndex.get(list);
    if (li === undefined) {
      li = this.listNames.length;
      this.listNames.push(list);
      this.listIndex.set(list, li);
    }
    pdqToWords(hex, this.words, this.n * PDQ_WORDS);
    this.ids[this.n] = entryId;
    this.lists[this.n] = li;
    this.n++;
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    const w = new Uint32Array(cap * PDQ_WORDS);
    w.set(this.words);
    const ids = new Float64Array(cap);
    ids.set(this.ids);
    const lists = new Uint16Array(cap);
    lists.set(this.lists);
    this.words = w;
    this.ids = ids;
    this.lists = lists;
  }

  /** Build the index over the entries added so far. */
  index(): PdqIndex {
    return PdqIndex.build(this.words.subarray(0, this.n * PDQ_WORDS));
  }

  /** Entry id and list name of the i-th entry. */
  entry(i: number): { entryId: number; list: string } {
    return { entryId: this.ids[i]!, list: this.listNames[this.lists[i]!]! };
  }
}

/** One query: a media hash under a convention and dihedral variant. */
export interface PdqQuery {
  readonly sha256: string;
  readonly convention: string;
  readonly variant: string;
  readonly hex: string;
}

/** One near match of a query with a list entry. */
export interface PdqMatch {
  readonly sha256: string;
  readonly convention: string;
  readonly variant: string;
  readonly entryId: number;
  readonly listName: string;
  readonly distance: number;
}

/** Run every query through the index; results follow the query order, then distance, then entry order. */
export function matchPdq(
  set: PdqEntrySet,
  index: PdqIndex,
  queries: readonly PdqQuery[],
  maxDistance: number,
): PdqMatch[] {
  const out: PdqMatch[] = [];
  const q = new Uint32Array(PDQ_WORDS);
  for (const query of queries) {
    pdqToWords(query.hex, q);
    for (const hit of index.query(q, maxDistance)) {
      const { entryId, list } = set.entry(hit.id);
      out.push({
        sha256: query.sha256,
        convention: query.convention,
        variant: query.variant,
        entryId,
        listName: list,
        distance: hit.distance,
      });
    }
  }
  return out;
}
