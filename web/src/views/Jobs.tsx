/** Jobs: start import/hash/match/analyse, follow the progress (server-sent events), cancel. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { PageTitle, Status } from '../components/common.js';
import type { Job, JobProgress } from '../types.js';

const KINDS = ['run', 'import', 'hash', 'match', 'analyse'] as const;

/** The jobs view of a case. */
export function Jobs({ caseName }: { caseName: string }) {
  const { t } = useI18n();
  const r = useApi<{ items: Job[] }>(casePath(caseName, '/jobs'));
  const jobs = r.data?.items ?? [];
  const [kind, setKind] = useState<(typeof KINDS)[number]>('run');
  const [msg, setMsg] = useState('');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body =
      kind === 'import'
        ? { kind, path: String(f.get('path') ?? ''), account: String(f.get('account') ?? '') }
        : { kind };
    api<{ id: string }>(casePath(caseName, '/jobs'), { method: 'POST', body }).then(
      () => {
        setMsg('');
        r.reload();
      },
      (err: unknown) => setMsg(t('app.error', { message: err instanceof Error ? err.message : String(err) })),
    );
  };
  return (
    <section data-view-ready={r.data ? 'jobs' : undefined}>
      <PageTitle text={t('jobs.title')}>{t('jobs.title')}</PageTitle>
      <form onSubmit={submit} className="card job-form" aria-labelledby="job-start-h">
        <h2 id="job-start-h">{t('jobs.start')}</h2>
        <label>
          {t('jobs.kind')}
          <select
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}
          >
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
              <input name="folder" required />
            </label>
            <label>
              {t('jobs.account')}
              <input name="account" />
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
      <ul className="jobs">
        {jobs.map((j) => (
          <JobRow key={j.id} caseName={caseName} job={j} />
        ))}
      </ul>
    </section>
  );
}

/** One job: its progress bar fed by the job's event stream (`state`, `progress`, `end`) while it runs; cancel. */
function JobRow({ caseName, job }: { caseName: string; job: Job }) {
  const { t, date } = useI18n();
  const [j, setJ] = useState<Job>(job);
  const running = j.state === 'queued' || j.state === 'running';
  useEffect(() => {
    if (job.state !== 'queued' && job.state !== 'running') return;
    const es = new EventSource(`/api/v1${casePath(caseName, `/jobs/${encodeURIComponent(job.id)}/events`)}`);
    const onJob = (ev: MessageEvent<string>) => setJ(JSON.parse(ev.data) as Job);
    es.addEventListener('state', onJob);
    es.addEventListener('progress', (ev: MessageEvent<string>) => {
      const progress = JSON.parse(ev.data) as JobProgress;
      setJ((x) => ({ ...x, state: 'running', progress }));
    });
    es.addEventListener('end', (ev: MessageEvent<string>) => {
      onJob(ev);
      es.close();
    });
    return () => es.close();
  }, [caseName, job.id, job.state]);
  const cancel = () => {
    api<Job>(casePath(caseName, `/jobs/${encodeURIComponent(j.id)}/cancel`), { method: 'POST' }).then(
      (x) => setJ(x),
      () => undefined,
    );
  };
  const kindLabel = KINDS.includes(j.kind as 'hash') ? t(`jobs.kind.${j.kind as 'hash'}`) : j.kind;
  const p = j.progress;
  const ended = j.state === 'done';
  return (
    <li className="card job" data-job-state={j.state}>
      <strong>{kindLabel}</strong> · {t('jobs.state')}:{' '}
      <span className="state">{t(`jobs.state.${j.state}`)}</span>
      <span className="muted">
        {' '}
        · {j.by} · {date(j.queuedAt)}
      </span>
      {p && !ended && (
        <span className="muted">
          {' '}
          · {p.stage} {p.done}
          {p.total !== null ? `/${p.total}` : ''}
        </span>
      )}
      <progress
        max={ended ? 1 : (p?.total ?? 0) || 1}
        value={ended ? 1 : p?.total ? p.done : 0}
        aria-label={t('jobs.progress', { kind: kindLabel })}
      />
      {j.summary && <span>{j.summary}</span>}
      {j.error && (
        <span role="alert" className="error">
          {j.error.code}: {j.error.message}
        </span>
      )}
      {running && (
        <button type="button" onClick={cancel}>
          {t('jobs.cancel')}
        </button>
      )}
    </li>
  );
}
