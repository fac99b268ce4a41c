/** The list of cases granted to the person. */
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { Link, PageTitle, Status } from '../components/common.js';
import type { CaseSummary, Page } from '../types.js';

/** Cases granted to the signed-in person, each a link to its dashboard. */
export function Cases() {
  const { t } = useI18n();
  const r = useApi<Page<CaseSummary> | CaseSummary[]>('/cases');
  const items = Array.isArray(r.data) ? r.data : (r.data?.items ?? []);
  return (
    <section data-view-ready={r.data ? 'cases' : undefined}>
      <PageTitle text={t('cases.title')}>{t('cases.title')}</PageTitle>
      <Status loading={r.loading} error={r.error} />
      {r.data && items.length === 0 && <p>{t('cases.none')}</p>}
      <ul className="cases">
        {items.map((c) => (
          <li key={c.name} className="card">
            <Link to={`/cases/${encodeURIComponent(c.name)}`}>
              <strong>{c.title || c.name}</strong>
            </Link>
            <span className="muted"> {c.name}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
