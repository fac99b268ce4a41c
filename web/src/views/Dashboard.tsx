/** Case dashboard: counts, pipeline state (from stats) and what to look at first. */
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';
import { Link, PageTitle, Status } from '../components/common.js';
import { ExportButton } from '../components/ExportButton.js';
import type { CaseStats } from '../types.js';

const COUNTS = [
  'sources',
  'chats',
  'messages',
  'members',
  'actors',
  'media',
  'images',
  'videos',
  'hashed',
  'knownMedia',
  'newMedia',
  'ignoredMedia',
  'uncertainMedia',
  'countries',
  'targets',
  'acceptedTargets',
] as const;

/** The dashboard of one case. */
export function Dashboard({ caseName }: { caseName: string }) {
  const { t, num } = useI18n();
  const r = useApi<CaseStats>(casePath(caseName, '/stats'));
  const s = r.data;
  const base = `/cases/${encodeURIComponent(caseName)}`;
  const n = (k: keyof CaseStats) => s?.[k] ?? 0;
  const stages: { key: MessageKey; done: boolean }[] = [
    { key: 'stage.imported', done: n('messages') > 0 },
    { key: 'stage.hashed', done: n('media') > 0 && n('hashed') >= n('media') },
    { key: 'stage.matched', done: n('knownMedia') + n('newMedia') + n('ignoredMedia') > 0 },
    { key: 'stage.analysed', done: n('targets') > 0 || n('actors') > 0 },
  ];
  return (
    <section>
      <PageTitle text={`${t('dashboard.title')} · ${caseName}`}>
        {t('dashboard.title')} · {caseName}
      </PageTitle>
      <Status loading={r.loading} error={r.error} />
      {s && s.actors > 0 && <ExportButton caseName={caseName} table="actors" />}
      {s && (
        <div className="dashboard" data-view-ready="dashboard">
          <section aria-labelledby="first-h" className="card">
            <h2 id="first-h">{t('dashboard.first')}</h2>
            <ul>
              {n('newMedia') > 0 && (
                <li>
                  <Link to={`${base}/new`}>{t('dashboard.firstNew', { count: num(n('newMedia')) })}</Link>
                </li>
              )}
              {n('uncertainMedia') > 0 && (
                <li>
                  <Link to={`${base}/media?status=uncertain`}>
                    {t('dashboard.firstUncertain', { count: num(n('uncertainMedia')) })}
                  </Link>
                </li>
              )}
              {n('targets') > 0 && (
                <li>
                  <Link to={`${base}/targets`}>
                    {t('dashboard.firstTargets', {
                      count: num(n('targets')),
                      accepted: num(n('acceptedTargets')),
                    })}
                  </Link>
                </li>
              )}
              {n('media') > n('hashed') && (
                <li>
                  <Link to={`${base}/jobs`}>
                    {t('dashboard.firstUnhashed', { count: num(n('media') - n('hashed')) })}
                  </Link>
                </li>
              )}
              {n('newMedia') === 0 && n('targets') === 0 && n('media') <= n('hashed') && (
                <li>{t('dashboard.nothing')}</li>
              )}
            </ul>
          </section>
          <section aria-labelledby="pipe-h" className="card">
            <h2 id="pipe-h">{t('dashboard.pipeline')}</h2>
            <ol className="pipeline">
              {stages.map((st) => (
                <li key={st.key} className={st.done ? 'done' : 'todo'}>
                  {t(st.key)}: {t(st.done ? 'stage.done' : 'stage.todo')}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="counts-h" className="card wide">
            <h2 id="counts-h">{t('dashboard.counts')}</h2>
            <dl className="counts">
              {COUNTS.map((k) => (
                <div key={k}>
                  <dt>{t(`stat.${k}`)}</dt>
                  <dd>{num(n(k))}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      )}
    </section>
  );
}
