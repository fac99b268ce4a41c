/** The audit view (auditors, supervisors): the trail filtered by person, action and object; verify on demand. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, casePath, query } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { PageTitle, Status } from '../components/common.js';
import type { Page } from '../types.js';
import type { AuditItem, Job, JobProgress } from '../../../src/contracts/index.js';
import type { z } from 'zod';

type Event = z.infer<typeof AuditItem>;
interface Filters {
  user: string;
  command: string;
  subject: string;
}

/** `/cases/{case}/audit`. */
export function Audit({ caseName }: { caseName: string }) {
  const { t, date } = useI18n();
  const facets = useApi<{ users: string[]; commands: string[] }>(casePath(caseName, '/audit/facets'));
  const [f, setF] = useState<Filters>({ user: '', command: '', subject: '' });
  const [items, setItems] = useState<Event[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const load = (filters: Filters, cursor: string | null) => {
    setLoading(true);
    api<Page<Event>>(casePath(caseName, `/audit${query({ ...filters, cursor, limit: 200 })}`)).then(
      (p) => {
        setItems((xs) => (cursor ? [...xs, ...p.items] : p.items));
        setNext(p.nextCursor);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
  };
  useEffect(() => load(f, null), [caseName]);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const nf = {
      user: String(d.get('user') ?? ''),
      command: String(d.get('command') ?? ''),
      subject: String(d.get('subject') ?? '').trim(),
    };
    setF(nf);
    load(nf, null);
  };
  return (
    <section>
      <PageTitle text={t('audit.title')}>{t('audit.title')}</PageTitle>
      <Verify caseName={caseName} />
      <form className="filters" onSubmit={submit} aria-label={t('audit.filters')}>
        <label>
          {t('audit.person')}
          <select name="user" defaultValue="">
            <option value="">{t('audit.any')}</option>
            {facets.data?.users.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.action')}
          <select name="command" defaultValue="">
            <option value="">{t('audit.any')}</option>
            {facets.data?.commands.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.object')}
          <input name="subject" placeholder={t('audit.objectHint')} />
        </label>
        <button type="submit">{t('audit.apply')}</button>
      </form>
      <Status loading={loading} error={error} />
      {!loading && items.length === 0 && !error && <p>{t('audit.none')}</p>}
      {items.length > 0 && (
        <table className="audit" data-view-ready="audit">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.person')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.object')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{date(e.at)}</td>
                <td>{e.user}</td>
                <td>{e.command}</td>
                <td>
                  <code>{e.subject}</code>
                </td>
                <td>
                  <details>
                    <summary>{t('audit.show')}</summary>
                    <pre>{JSON.stringify(e.details, null, 1)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => load(f, next)}>
          {t('app.more')}
        </button>
      )}
    </section>
  );
}

/** Run `verify` as a read-only job, its progress streamed; then OK or the first finding (code and place). */
function Verify({ caseName }: { caseName: string }) {
  const { t } = useI18n();
  const [job, setJob] = useState<Job | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [error, setError] = useState('');
  const start = () => {
    setError('');
    setProgress(null);
    api<{ id: string }>(casePath(caseName, '/verify'), { method: 'POST' }).then(
      ({ id }) => {
        const es = new EventSource(`/api/v1${casePath(caseName, `/jobs/${encodeURIComponent(id)}/events`)}`);
        es.addEventListener('state', (ev: MessageEvent<string>) => setJob(JSON.parse(ev.data) as Job));
        es.addEventListener('progress', (ev: MessageEvent<string>) =>
          setProgress(JSON.parse(ev.data) as JobProgress),
        );
        es.addEventListener('end', (ev: MessageEvent<string>) => {
          setJob(JSON.parse(ev.data) as Job);
          es.close();
        });
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const running = job?.state === 'queued' || job?.state === 'running';
  const result =
    job?.state === 'done'
      ? (job.result as { ok?: boolean; first?: { code: string; place: string } | null })
      : null;
  return (
    <section aria-labelledby="verify-h" className="card verify">
      <h2 id="verify-h">{t('audit.verify')}</h2>
      <button type="button" onClick={start} disabled={running}>
        {t('audit.verifyRun')}
      </button>
      {running && (
        <p role="status">
          {t('audit.verifying')}{' '}
          {progress
            ? `${progress.stage} ${progress.done}${progress.total !== null ? `/${progress.total}` : ''}`
            : ''}
        </p>
      )}
      {result && (
        <p
          role="status"
          data-verify={result.ok ? 'ok' : 'failed'}
          className={result.ok ? undefined : 'error'}
        >
          {result.ok
            ? t('audit.verifyOk')
            : t('audit.verifyFailed', { code: result.first?.code ?? '?', place: result.first?.place ?? '' })}
        </p>
      )}
      {job?.error && (
        <p role="alert" className="error">
          {job.error.code}: {job.error.message}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {t('app.error', { message: error })}
        </p>
      )}
    </section>
  );
}
