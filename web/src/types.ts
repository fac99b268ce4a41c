/** The API's JSON shapes the views read (the same JSON as the CLI's `--json`): the contracts' types first. */
import type { SessionInfo } from '../../src/contracts/index.js';
export type {
  CaseStats,
  CaseSummary,
  ClusterItem,
  Job,
  JobProgress,
  RevealCounts,
  SessionInfo,
} from '../../src/contracts/index.js';

/** The signed-in person. */
export type Person = Pick<SessionInfo, 'name' | 'role'>;
/** A page of a cursor-paginated listing. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
/** One list match of a media file. */
export interface MatchSummary {
  list: string;
  signalType: string;
  value: string;
  category: string | null;
  scheme: string | null;
  distance: number;
}
/** One media item of `vigie media --json`. */
export interface MediaItem {
  sha256: string;
  md5: string | null;
  pdq: string | null;
  kind: string;
  status: 'new' | 'known' | 'ignored' | 'uncertain' | 'unhashed';
  matches: MatchSummary[];
  occurrences: number;
  cluster: string | null;
  firstSeen: string | null;
  originator: string | null;
  /** The first poster is one of the case's own (undercover) accounts. */
  originatorUndercover?: boolean;
  /** `uncertain` media: why (PDQ quality under the threshold, no exact match). */
  uncertain?: { quality: number | null; threshold: number; reason: string };
  firstMessage: { chat: string; message: number } | null;
  /** A person's latest decision beside the automatic status. */
  decision: {
    scheme: string;
    category: string | null;
    tags: string[];
    note: string | null;
    by: string;
    at: string;
  } | null;
  /** Categories the matching lists give (suggestions). */
  suggestions: { list: string; scheme: string | null; category: string }[];
}
/** A scored target of `vigie targets --json`. */
export interface TargetItem {
  rank: number;
  actor: string;
  score: number;
  factors: { name: string; value: number; weight: number; contribution: number; facts: string[] }[];
  attribution: {
    country: string | null;
    probability: number;
    abstained: boolean;
    reason: string | null;
    candidates: { country: string; probability: number }[];
  } | null;
  decision: { decision: 'accept' | 'reject'; reason: string; user: string; at: string } | null;
}
/** A category of the scheme, with its key in the grid. */
export interface Category {
  id: string;
  label: string;
  description?: string | undefined;
  key: number;
}
/** Full-text search and the chat context a hit opens. */
export type { ChatContext, SearchItem, SearchResult } from '../../src/contracts/index.js';
