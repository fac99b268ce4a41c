/**
 * Targets: the ranked table, each factor with its facts, the attribution, accept/reject for supervisors, "show in
 * chat" links, and a referral package for selected accepted targets (liaison officers and supervisors).
 */
import { useState, type FormEvent } from 'react';
import { api, casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { ExportButton } from '../components/ExportButton.js';
import { Link, PageTitle, Status } from '../components/common.js';
import { MessageLink } from '../components/MessageLink.js';
import { ReferralPanel } from '../components/ReferralPanel.js';
import type { ChatPositions } from '../../../src/contracts/chat.js';
import type { Page, TargetItem } from '../types.js';

/** The targets view of a case. */
export function Targets({ caseName }: { caseName: string }) {
  const { t, num } = useI18n();
  const r = useApi<Page<TargetItem> | TargetItem[]>(casePath(caseName, '/targets?limit=100'));
  const items = Array.isArray(r.data) ? r.data : (r.data?.items ?? []);
  const [open, setOpen] = useState<string | null>(null);
  const { person } = useSession();
  const canRefer = person.role === 'liaison' || person.role === 'supervisor';
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (actor: string) => {
    const next = new Set(selected);
    if (!next.delete(actor)) next.add(actor);
    setSelected(next);
  };
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
              {canRefer && <th scope="col">{t('targets.select')}</th>}
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
                select={canRefer ? { on: selected.has(x.actor), toggle: () => toggle(x.actor) } : null}
              />
            ))}
          </tbody>
        </table>
      )}
      {canRefer && items.length > 0 && (
        <ReferralPanel caseName={caseName} targets={items.filter((x) => selected.has(x.actor))} />
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
  select: { on: boolean; toggle: () => void } | null;
}) {
  const { t } = useI18n();
  const { x } = p;
  const a = x.attribution;
  return (
    <>
      <tr>
        {p.select && (
          <td>
            {x.decision?.decision === 'accept' && (
              <input
                type="checkbox"
                checked={p.select.on}
                onChange={p.select.toggle}
                aria-label={t('targets.selectRow', { actor: x.actor })}
              />
            )}
          </td>
        )}
        <td>{x.rank}</td>
        <td>
          <button type="button" className="linkish" aria-expanded={p.open} onClick={p.toggle}>
            {x.actor}
          </button>{' '}
          <Link to={`/cases/${encodeURIComponent(p.caseName)}/actors/${encodeURIComponent(x.actor)}`}>
            {t('targets.actorPage')}
          </Link>
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
          <td colSpan={p.select ? 6 : 5}>
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
              <InChat caseName={p.caseName} actor={x.actor} />
              <Decide caseName={p.caseName} actor={x.actor} onDecided={p.onDecided} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

/** "Show in chat": the target's first post of new content and latest message (for those who read chats). */
function InChat({ caseName, actor }: { caseName: string; actor: string }) {
  const { t } = useI18n();
  const { person } = useSession();
  const reads = person.role === 'analyst' || person.role === 'supervisor';
  const r = useApi<ChatPositions>(
    reads ? casePath(caseName, `/chat-positions?actors=${encodeURIComponent(actor)}`) : null,
  );
  const at = r.data?.items[0];
  if (!at || (!at.firstPost && !at.latestMessage)) return null;
  return (
    <ul className="in-chat">
      {at.firstPost && (
        <li>
          <MessageLink caseName={caseName} chat={at.firstPost.chat} message={at.firstPost.message}>
            {t('targets.firstPost')}
          </MessageLink>
        </li>
      )}
      {at.latestMessage && (
        <li>
          <MessageLink caseName={caseName} chat={at.latestMessage.chat} message={at.latestMessage.message}>
            {t('targets.latestMessage')}
          </MessageLink>
        </li>
      )}
    </ul>
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
