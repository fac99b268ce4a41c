import type { CaseContext } from './context.js';
import type { ClusterSpreadView as ClusterSpread } from './investigation-views.js';
import { AppError } from '../domain/errors.js';
import { isoUtc } from '../domain/time.js';
import { hammingHex } from '../signals/types.js';
import { requireAnalysis } from './require-analysis.js';
import { isOwn, ownAccountIds } from './own-account-ids.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * How a cluster spread (`GET …/clusters/{cluster}/spread`): every post of its media in time order (the cluster's
 * first post marked, the others a forward or a re-upload), and its media by PDQ distance to the first post's.
 */
export async function clusterSpread(
  deps: Pick<CaseContext, 'store'>,
  input: { cluster: string },
): Promise<ClusterSpread> {
  const r = await deps.store.transaction(
    async (tx) => {
      const row = await tx.investigation.cluster(input.cluster);
      if (!row) return null;
      const members = await tx.investigation.clusterMembers(row.id);
      const posts = await tx.investigation.posts(members.map((m) => m.sha256));
      const chats = [...new Set(posts.map((p) => p.chatId))];
      const labels = await tx.investigation.labels({ actors: [], chats });
      return { row, members, posts, titles: labels.chats, own: await ownAccountIds(tx) };
    },
    { readonly: true },
  );
  if (!r) {
    await requireAnalysis(deps.store);
    throw new AppError('NOT_FOUND', `cluster ${input.cluster}: not in the analysis (no cluster has this id)`);
  }
  const { row } = r;
  const firstChat = row.first_chat_id;
  const firstMsg = row.first_message_id === null ? null : Number(row.first_message_id);
  const isFirst = (chat: string, message: number): boolean => chat === firstChat && message === firstMsg;
  const posts = [...r.posts]
    .sort(
      (a, b) =>
        (a.dateUtc ?? Infinity) - (b.dateUtc ?? Infinity) ||
        cmp(a.chatId, b.chatId) ||
        a.messageId - b.messageId ||
        cmp(a.sha256, b.sha256),
    )
    .map((p) => ({
      chat: p.chatId,
      chatTitle: r.titles.get(p.chatId) ?? null,
      message: p.messageId,
      date: isoUtc(p.dateUtc),
      poster: p.authorId,
      posterName: p.authorName,
      posterUndercover: isOwn(r.own, p.authorId),
      sha256: p.sha256,
      how: isFirst(p.chatId, p.messageId)
        ? ('first' as const)
        : p.forwardedFrom !== null
          ? ('forward' as const)
          : ('reupload' as const),
      forwardedFrom: p.forwardedFrom,
    }));
  const firstSha = row.first_sha256;
  const firstPdq = r.members.find((m) => m.sha256 === firstSha)?.pdq ?? null;
  const postsPer = new Map<string, number>();
  for (const p of posts) postsPer.set(p.sha256, (postsPer.get(p.sha256) ?? 0) + 1);
  const variants = r.members
    .map((m) => ({
      sha256: m.sha256,
      first: m.sha256 === firstSha,
      distance: m.sha256 === firstSha ? 0 : firstPdq && m.pdq ? hammingHex(firstPdq, m.pdq) : null,
      kind: m.kind,
      width: m.width,
      height: m.height,
      size: m.size,
      posts: postsPer.get(m.sha256) ?? 0,
    }))
    .sort(
      (a, b) =>
        Number(b.first) - Number(a.first) ||
        (a.distance ?? Infinity) - (b.distance ?? Infinity) ||
        cmp(a.sha256, b.sha256),
    );
  return {
    cluster: {
      id: row.id,
      status: row.status,
      members: Number(row.members),
      occurrences: Number(row.occurrences),
      chatsReached: Number(row.chats_reached),
      reposters: Number(row.reposters),
      firstSeen: isoUtc(row.first_seen === null ? null : Number(row.first_seen)),
      originator: row.originator_id,
      firstMessage: firstChat !== null && firstMsg !== null ? { chat: firstChat, message: firstMsg } : null,
      firstSha256: firstSha,
      originatorUndercover: isOwn(r.own, row.originator_id),
    },
    posts,
    variants,
  };
}
