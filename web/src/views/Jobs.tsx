/** Jobs: start import/hash/match/analyse, follow the progress (server-sent events), cancel. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { PageTitle, Status } from '../components/common.js';
import type { Job, Page } from '../types.js';

const KINDS = ['import', 'hash', 'match', 'analyse'] as const;

/** The jobs view of a case. */
export function Jobs({ caseName }: { caseName: string }) {
  const { t } = useI18n();
  const r = useApi<Page<Job> | Job[]>(casePath(caseName, '/jobs'));
  const jobs = Array.isArray(r.data) ? r.data : (r.data?.items ?? []);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('hash');
  const [msg, setMsg] = useState('');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body =
      kind === 'import'
        ? { kind, path: String(f.get('path') ?? ''), account: String(f.get('account') ?? '') }
        : { kind };
    api<Job>(casePath(caseName, '/jobs'), { method: 'POST', body }).then(
      () => {
        setMsg('');
        r.reload();
      },
      (err: unknown) => setMsg(t('app.error', { message: err instanceof Error ? err.message : String(err) })),
    );
  };
  return (
    <section>
      <PageTitle text={t('jobs.title')}>{t('jobs.title')}</PageTitle>
      <form onSubmit={submit} className="card job-form" aria-labelledby="job-start-h">
        <h2 id="job-start-h">{t('jobs.start')}</h2>
        <label>
          {t('jobs.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`jobs.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'import' && (
          <>
            <label>
              {t('jobs.path')}
              <input name="path" required />
            </label>
            <label>
              {t('jobs.account')}
              <input name="account" required />
            </label>
          </>
        )}
        <button type="submit">{t('jobs.submit')}</button>
        {msg && (
          <p role="alert" className="error">
            {msg}
          </p>
        )}
      </form>
      <Status loading={r.loading} error={r.error} />
      {r.data && jobs.length === 0 && <p>{t('jobs.none')}</p>}
      <ul className="jobs" data-view-ready={r.data ? 'jobs' : undefined}>
        {jobs.map((j) => (
          <JobRow key={j.id} caseName={caseName} job={j} />
        ))}
      </ul>
    </section>
  );
}

/** One job: its progress bar fed by the job's event stream while it runs, and a cancel button. */
function JobRow({ caseName, job }: { caseName: string; job: Job }) {
  const { t, date } = useI18n();
  const [j, setJ] = useState<Job>(job);
  const running = j.state === 'queued' || j.state === 'running';
  useEffect(() => {
    if (job.state !== 'queued' && job.state !== 'running') return;
    const es = new EventSource(`/api/v1${casePath(caseName, `/jobs/${encodeURIComponent(job.id)}/events`)}`);
    const on = (ev: MessageEvent<string>) => {
      const d = JSON.parse(ev.data) as Partial<Job>;
      setJ((x) => ({ ...x, ...d }));
      if (d.state && d.state !== 'queued' && d.state !== 'running') es.close();
    };
    es.addEventListener('message', on);
    es.addEventListener('progress', on);
    es.addEventListener('state', on);
    es.addEventListener('error', () => es.readyState === EventSource.CLOSED && es.close());
    return () => es.close();
  }, [caseName, job.id, job.state]);
  const cancel = () => {
    api(casePath(caseName, `/jobs/${encodeURIComponent(j.id)}/cancel`), { method: 'POST' }).then(
      () => setJ((x) => ({ ...x, state: 'cancelled' })),
      () => undefined,
    );
  };
  const kindKey = KINDS.includes(j.kind as 'hash') ? t(`jobs.kind.${j.kind as 'hash'}`) : j.kind;
  return (
    <li className="card job" data-job-state={j.state}>
      <strong>{kindKey}</strong> · {t('jobs.state')}: <span className="state">{j.state}</span>
      {j.createdAt && (
        <span className="muted">
          {' '}
          · {t('jobs.started')} {date(j.createdAt)}
        </span>
      )}
      <progress
        max={j.total || 1}
        value={j.total ? (j.done ?? 0) : j.state === 'done' ? 1 : 0}
        aria-label={t('jobs.progress', { kind: kindKey })}
      />
      {running && (
        <button type="button" onClick={cancel}>
          {t('jobs.cancel')}
        </button>
      )}
    </li>
  );
}
