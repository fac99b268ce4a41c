/** New content: clusters of media in no hash list, with originator, first message and spread, most spread first. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, casePath, query } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { thumbnailUrl } from '../triage.js';
import { Hash, Link, PageTitle, Status, UndercoverBadge } from '../components/common.js';
import type { ClusterItem, Page } from '../types.js';

/** Clusters per page. */
const LIMIT = 100;

/** The loaded pages of `clusters?status=new` (computed by the server), and loadMore(). */
function useClusterPages(caseName: string) {
  const [items, setItems] = useState<ClusterItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(false);
  const live = useRef(true);
  const fetchPage = useCallback(
    (from: string | null) => {
      setLoading(true);
      api<Page<ClusterItem>>(
        casePath(caseName, `/clusters${query({ status: 'new', limit: LIMIT, cursor: from })}`),
      ).then(
        (p) => {
          if (!live.current) return;
          setItems((xs) => (from === null || xs === null ? p.items : [...xs, ...p.items]));
          setCursor(p.nextCursor);
          setLoading(false);
        },
        (e: unknown) => {
          if (!live.current) return;
          setError(e instanceof Error ? e : new Error(String(e)));
          setLoading(false);
        },
      );
    },
    [caseName],
  );
  useEffect(() => {
    live.current = true;
    setItems(null);
    fetchPage(null);
    return () => {
      live.current = false;
    };
  }, [fetchPage]);
  const loadMore = () => {
    if (!loading && cursor !== null) fetchPage(cursor);
  };
  return { items, error, loading, more: cursor !== null, loadMore };
}

/** The new-content view of a case. */
export function NewContent({ caseName }: { caseName: string }) {
  const { t, date, num } = useI18n();
  const { items: clusters, error, loading, more, loadMore } = useClusterPages(caseName);
  const media = `/cases/${encodeURIComponent(caseName)}/media`;
  return (
    <section>
      <PageTitle text={t('newContent.title')}>{t('newContent.title')}</PageTitle>
      <p className="muted">{t('newContent.intro')}</p>
      <Status loading={!clusters && !error} error={error} />
      {clusters && clusters.length === 0 && <p>{t('newContent.none')}</p>}
      {clusters && clusters.length > 0 && (
        <>
          <table className="clusters" data-view-ready="new">
            <thead>
              <tr>
                <th scope="col">{t('newContent.cluster')}</th>
                <th scope="col">{t('newContent.spread')}</th>
                <th scope="col">{t('newContent.chats')}</th>
                <th scope="col">{t('newContent.posters')}</th>
                <th scope="col">{t('newContent.items')}</th>
                <th scope="col">{t('newContent.originator')}</th>
                <th scope="col">{t('newContent.firstMessage')}</th>
                <th scope="col">{t('newContent.firstSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {clusters.map((c) => (
                <tr key={c.id} data-cluster={c.id}>
                  <td>
                    <Link to={`${media}/${c.sample[0] ?? ''}?status=new`}>
                      <img
                        src={thumbnailUrl(caseName, c.sample[0] ?? '')}
                        alt={t('media.thumbAlt', { sha: c.id.slice(0, 12) })}
                        width={64}
                        height={64}
                        loading="lazy"
                      />
                      <Hash value={c.id} />
                    </Link>
                  </td>
                  <td>{num(c.spread.occurrences)}</td>
                  <td>{num(c.spread.chats)}</td>
                  <td>{num(c.spread.posters)}</td>
                  <td>{num(c.media)}</td>
                  <td>
                    {c.originator ? (
                      <Link to={`${media}?status=new&actor=${encodeURIComponent(c.originator)}`}>
                        {c.originator}
                      </Link>
                    ) : (
                      '—'
                    )}{' '}
                    <UndercoverBadge on={c.originatorUndercover} />
                  </td>
                  <td>{c.firstMessage ? `${c.firstMessage.chat} #${c.firstMessage.message}` : '—'}</td>
                  <td>{date(c.firstSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" role="status">
            {t('newContent.shown', { count: num(clusters.length) })}
          </p>
          {more && (
            <button type="button" onClick={loadMore} disabled={loading}>
              {t('app.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
