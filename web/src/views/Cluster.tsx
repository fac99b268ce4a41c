/** The spread of a cluster: every post in time order (the first marked), and its variants by PDQ distance. */
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { Hash, Link, PageTitle, Status, UndercoverBadge } from '../components/common.js';
import { thumbnailUrl } from '../triage.js';
import { chatPath } from './Actor.js';
import type { ClusterSpread } from '../../../src/contracts/index.js';

/** `/cases/{case}/clusters/{id}`. */
export function Cluster({ caseName, id }: { caseName: string; id: string }) {
  const { t, num } = useI18n();
  const r = useApi<ClusterSpread>(casePath(caseName, `/clusters/${encodeURIComponent(id)}/spread`));
  const s = r.data;
  const base = `/cases/${encodeURIComponent(caseName)}`;
  const actorLink = (actor: string | null, label: string | null) =>
    actor ? <Link to={`${base}/actors/${encodeURIComponent(actor)}`}>{label ?? actor}</Link> : (label ?? '—');
  return (
    <section>
      <PageTitle text={t('cluster.title', { id })}>{t('cluster.title', { id })}</PageTitle>
      <Status loading={r.loading} error={r.error} />
      {s && (
        <div data-view-ready="cluster">
          <p className="muted">
            {t('cluster.summary', {
              status: s.cluster.status,
              members: num(s.cluster.members),
              occurrences: num(s.cluster.occurrences),
              chats: num(s.cluster.chatsReached),
              reposters: num(s.cluster.reposters),
            })}
          </p>
          <section aria-labelledby="posts-h" className="card">
            <h2 id="posts-h">{t('cluster.posts')}</h2>
            <ol className="spread">
              {s.posts.map((p) => (
                <li
                  key={`${p.chat}:${p.message}:${p.sha256}`}
                  className={p.how === 'first' ? 'first-post' : undefined}
                >
                  <strong>{t(`cluster.how.${p.how}`)}</strong> ·{' '}
                  {p.date ? `${p.date.slice(0, 16).replace('T', ' ')} UTC` : '—'} · {p.chatTitle ?? p.chat} ·{' '}
                  {actorLink(p.poster, p.posterName)} <UndercoverBadge on={p.posterUndercover} />
                  {p.forwardedFrom ? (
                    <span className="muted"> ({t('chat.forwarded', { from: p.forwardedFrom })})</span>
                  ) : (
                    ''
                  )}{' '}
                  · <Hash value={p.sha256} /> ·{' '}
                  <Link to={chatPath(caseName, p.chat, p.message)}>{t('actor.showInChat')}</Link>
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="variants-h" className="card">
            <h2 id="variants-h">{t('cluster.variants')}</h2>
            <ul className="variants">
              {s.variants.map((v) => (
                <li key={v.sha256}>
                  <img
                    src={thumbnailUrl(caseName, v.sha256)}
                    alt={t('media.thumbAlt', { sha: v.sha256.slice(0, 12) })}
                    width={96}
                    height={96}
                    loading="lazy"
                  />
                  <div>
                    <Link to={`${base}/media/${v.sha256}`}>
                      <Hash value={v.sha256} />
                    </Link>
                    <br />
                    {v.first
                      ? t('cluster.firstMedia')
                      : v.distance === null
                        ? t('cluster.noPdq')
                        : t('cluster.distance', { d: v.distance })}
                    <br />
                    <span className="muted">
                      {v.width && v.height ? `${v.width}×${v.height} · ` : ''}
                      {v.size !== null ? `${num(v.size)} B · ` : ''}
                      {t('cluster.postsOf', { count: v.posts })}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </section>
  );
}
