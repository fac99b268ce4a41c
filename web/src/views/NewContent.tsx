/** New content: clusters of media in no hash list, with originator, first message and spread, most spread first. */
import { useEffect, useState } from 'react';
import { casePath } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { fetchAll } from '../media-pages.js';
import { thumbnailUrl } from '../triage.js';
import { Hash, Link, PageTitle, Status } from '../components/common.js';
import type { MediaItem } from '../types.js';

/** One cluster of new media. */
export interface NewCluster {
  id: string;
  items: MediaItem[];
  spread: number;
  originator: string | null;
  firstSeen: string | null;
  firstMessage: MediaItem['firstMessage'];
}

/** Group new media by cluster (a media without cluster is its own); spread = occurrences; most spread first. */
export function clustersOf(items: MediaItem[]): NewCluster[] {
  const by = new Map<string, NewCluster>();
  for (const m of items) {
    const id = m.cluster ?? m.sha256;
    const c = by.get(id) ?? {
      id,
      items: [],
      spread: 0,
      originator: m.originator,
      firstSeen: m.firstSeen,
      firstMessage: m.firstMessage,
    };
    c.items.push(m);
    c.spread += m.occurrences;
    by.set(id, c);
  }
  return [...by.values()].sort(
    (a, b) =>
      b.spread - a.spread || (a.firstSeen ?? '').localeCompare(b.firstSeen ?? '') || a.id.localeCompare(b.id),
  );
}

/** The new-content view of a case. */
export function NewContent({ caseName }: { caseName: string }) {
  const { t, date, num } = useI18n();
  const [clusters, setClusters] = useState<NewCluster[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    fetchAll<MediaItem>(casePath(caseName, '/media?status=new')).then(
      (items) => setClusters(clustersOf(items)),
      (e: unknown) => setError(e instanceof Error ? e : new Error(String(e))),
    );
  }, [caseName]);
  const media = `/cases/${encodeURIComponent(caseName)}/media`;
  return (
    <section>
      <PageTitle text={t('newContent.title')}>{t('newContent.title')}</PageTitle>
      <p className="muted">{t('newContent.intro')}</p>
      <Status loading={!clusters && !error} error={error} />
      {clusters && clusters.length === 0 && <p>{t('newContent.none')}</p>}
      {clusters && clusters.length > 0 && (
        <table className="clusters" data-view-ready="new">
          <thead>
            <tr>
              <th scope="col">{t('newContent.cluster')}</th>
              <th scope="col">{t('newContent.spread')}</th>
              <th scope="col">{t('newContent.items')}</th>
              <th scope="col">{t('newContent.originator')}</th>
              <th scope="col">{t('newContent.firstMessage')}</th>
              <th scope="col">{t('newContent.firstSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {clusters.slice(0, 200).map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`${media}/${c.items[0]?.sha256 ?? ''}?status=new`}>
                    <img
                      src={thumbnailUrl(caseName, c.items[0]?.sha256 ?? '')}
                      alt={t('media.thumbAlt', { sha: c.id.slice(0, 12) })}
                      width={64}
                      height={64}
                      loading="lazy"
                    />
                    <Hash value={c.id} />
                  </Link>
                </td>
                <td>{num(c.spread)}</td>
                <td>{num(c.items.length)}</td>
                <td>
                  {c.originator ? (
                    <Link to={`${media}?status=new&actor=${encodeURIComponent(c.originator)}`}>
                      {c.originator}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{c.firstMessage ? `${c.firstMessage.chat} #${c.firstMessage.message}` : '—'}</td>
                <td>{date(c.firstSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
