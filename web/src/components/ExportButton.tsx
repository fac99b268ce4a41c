/** "Export CSV / JSON" of a table: download links to `…/exports/{table}` with the view's filters (audited). */
import { casePath, query } from '../api.js';
import { useI18n } from '../i18n/index.js';

/** The download URL of a table export. */
export function exportUrl(
  caseName: string,
  table: 'actors' | 'targets' | 'media' | 'search',
  format: 'csv' | 'json',
  filters: Record<string, string | number | undefined | null> = {},
): string {
  return `/api/v1${casePath(caseName, `/exports/${table}${query({ ...filters, format })}`)}`;
}

/** Two download links (CSV, JSON) for the whole filtered table; each download is an audit event. */
export function ExportButton(p: {
  caseName: string;
  table: 'actors' | 'targets' | 'media' | 'search';
  filters?: Record<string, string | number | undefined | null>;
}) {
  const { t } = useI18n();
  return (
    <p className="export" aria-label={t('export.label')} role="group">
      <a href={exportUrl(p.caseName, p.table, 'csv', p.filters)} download>
        {t('export.csv')}
      </a>{' '}
      ·{' '}
      <a href={exportUrl(p.caseName, p.table, 'json', p.filters)} download>
        {t('export.json')}
      </a>{' '}
      <span className="muted">{t('export.audited')}</span>
    </p>
  );
}
