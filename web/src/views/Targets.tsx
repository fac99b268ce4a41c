/** Targets: the ranked table, each factor with its facts, the attribution, and accept/reject for supervisors. */
import { useState, type FormEvent } from 'react';
import { api, casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { PageTitle, Status } from '../components/common.js';
import { ExportButton } from '../components/ExportButton.js';
import type { Page, TargetItem } from '../types.js';

/** The targets view of a case. */
export function Targets({ caseName }: { caseName: string }) {
  const { t, num } = useI18n();
  const r = useApi<Page<TargetItem> | TargetItem[]>(casePath(caseName, '/targets?limit=100'));
  const items = Array.isArray(r.data) ? r.data : (r.data?.items ?? []);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section>
      <PageTitle text={t('targets.title')}>{t('targets.title')}</PageTitle>
      <ExportButton caseName={caseName} table="targets" />
      <Status loading={r.loading} error={r.error} />
      {r.data && items.length === 0 && <p>{t('targets.none')}</p>}
      {items.length > 0 && (
        <table className="targets" data-view-ready="targets">
          <thead>
            <tr>
              <th scope="col">{t('targets.rank')}</th>
              <th scope="col">{t('targets.actor')}</th>
              <th scope="col">{t('targets.score')}</th>
              <th scope="col">{t('targets.country')}</th>
              <th scope="col">{t('targets.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((x) => (
              <TargetRow
                key={x.actor}
                x={x}
                open={open === x.actor}
                toggle={() => setOpen(open === x.actor ? null : x.actor)}
                num={num}
                caseName={caseName}
                onDecided={r.reload}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One ranked actor and, when open, its factors, attribution and decision form. */
function TargetRow(p: {
  x: TargetItem;
  open: boolean;
  toggle: () => void;
  num: (n: number) => string;
  caseName: string;
  onDecided: () => void;
}) {
  const { t } = useI18n();
  const { x } = p;
  const a = x.attribution;
  return (
    <>
      <tr>
        <td>{x.rank}</td>
        <td>
          <button type="button" className="linkish" aria-expanded={p.open} onClick={p.toggle}>
            {x.actor}
          </button>
        </td>
        <td>{x.score.toFixed(3)}</td>
        <td>
          {a
            ? a.abstained || !a.country
              ? t('targets.abstain')
              : `${a.country} (${Math.round(a.probability * 100)} %)`
            : '—'}
        </td>
        <td>
          {x.decision
            ? `${t(x.decision.decision === 'accept' ? 'targets.accept' : 'targets.reject')} · ${x.decision.user}`
            : t('targets.undecided')}
        </td>
      </tr>
      {p.open && (
        <tr className="expanded">
          <td colSpan={5}>
            <div className="target-detail">
              <section>
                <h2>{t('targets.factors')}</h2>
                <ul>
                  {x.factors.map((f) => (
                    <li key={f.name}>
                      <strong>{f.name}</strong>: {p.num(f.value)} × {f.weight} → {f.contribution.toFixed(3)}
                      {f.facts.length > 0 && (
                        <span className="muted"> — {f.facts.slice(0, 3).join('; ')}</span>
                      )}
                    </li>
                  ))}
                </ul>
              </section>
              <section>
                <h2>{t('targets.attribution')}</h2>
                {a ? (
                  <p>
                    {a.abstained || !a.country ? t('targets.abstain') : a.country}{' '}
                    {a.reason ? `— ${a.reason}` : ''}
                    {a.candidates.length > 0 && (
                      <span className="muted">
                        {' '}
                        (
                        {a.candidates
                          .map((c) => `${c.country} ${Math.round(c.probability * 100)} %`)
                          .join(', ')}
                        )
                      </span>
                    )}
                  </p>
                ) : (
                  <p>—</p>
                )}
              </section>
              <Decide caseName={p.caseName} actor={x.actor} onDecided={p.onDecided} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

/** Accept or reject with a reason: enabled for supervisors; others see it disabled (and the server refuses). */
function Decide({ caseName, actor, onDecided }: { caseName: string; actor: string; onDecided: () => void }) {
  const { t } = useI18n();
  const { person } = useSession();
  const can = person.role === 'supervisor';
  const [msg, setMsg] = useState('');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value === 'reject' ? 'reject' : 'accept';
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '');
    api(casePath(caseName, `/targets/${encodeURIComponent(actor)}/decision`), {
      method: 'POST',
      body: { decision, reason },
    }).then(
      () => {
        setMsg(
          t('targets.decided', { decision: t(decision === 'accept' ? 'targets.accept' : 'targets.reject') }),
        );
        onDecided();
      },
      (err: unknown) => setMsg(t('app.error', { message: err instanceof Error ? err.message : String(err) })),
    );
  };
  return (
    <form onSubmit={submit} className="decide">
      <h2>{t('targets.decision')}</h2>
      {!can && <p className="muted">{t('targets.onlySupervisors')}</p>}
      <fieldset disabled={!can}>
        <label>
          {t('targets.reason')}
          <input name="reason" required minLength={3} />
        </label>
        <button type="submit" value="accept">
          {t('targets.accept')}
        </button>
        <button type="submit" value="reject">
          {t('targets.reject')}
        </button>
      </fieldset>
      <p role="status">{msg}</p>
    </form>
  );
}
