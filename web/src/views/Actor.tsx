/** The actor page: names over time, chats, activity, media, clusters originated, attribution ledger, score, network. */
import { useState } from 'react';
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { Hash, Link, PageTitle, Status, UndercoverBadge } from '../components/common.js';
import { Heatmap } from '../components/Heatmap.js';
import type { ActorProfileView } from '../../../src/contracts/index.js';

type Ledger = ActorProfileView['ledger'][number];

/** The in-app path of a chat opened at a message (the chat reader). */
export function chatPath(caseName: string, chat: string, message: number): string {
  return `/cases/${encodeURIComponent(caseName)}/chats/${encodeURIComponent(chat)}?around=${message}`;
}

/** An ISO time as `YYYY-MM-DD HH:MM` UTC (or a dash). */
function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

/** The actor page of `/cases/{case}/actors/{id}`. */
export function Actor({ caseName, id }: { caseName: string; id: string }) {
  const { t, num } = useI18n();
  const r = useApi<ActorProfileView>(casePath(caseName, `/actors/${encodeURIComponent(id)}/profile`));
  const [local, setLocal] = useState(false);
  const p = r.data;
  const name = p?.actor.names[0] ?? id;
  const base = `/cases/${encodeURIComponent(caseName)}`;
  const a = p?.actor.attribution as { country: string | null; probability: number } | null | undefined;
  return (
    <section>
      <PageTitle text={t('actor.title', { name })}>{t('actor.title', { name })}</PageTitle>
      <Status loading={r.loading} error={r.error} />
      {p && (
        <div className="actor-page" data-view-ready="actor">
          <p className="muted">
            <code>{p.actor.id}</code> <UndercoverBadge on={p.actor.undercover} /> ·{' '}
            {t('actor.messages', { count: num(p.actor.messages) })}
            {a?.country
              ? ` · ${t('actor.country', { country: a.country, p: Math.round(a.probability * 100) })}`
              : ''}
            {p.score ? ` · ${t('actor.rank', { rank: p.score.rank, score: p.score.total.toFixed(2) })}` : ''}
          </p>
          <section aria-labelledby="ledger-h" className="card">
            <h2 id="ledger-h">{t('actor.ledger')}</h2>
            {p.ledger.length === 0 ? (
              <p>{t('actor.noLedger')}</p>
            ) : (
              <table className="ledger">
                <thead>
                  <tr>
                    <th scope="col">{t('actor.signal')}</th>
                    <th scope="col">{t('actor.value')}</th>
                    <th scope="col">{t('actor.lr')}</th>
                    <th scope="col">{t('actor.from')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.ledger.map((l, i) => (
                    <tr key={i}>
                      <td>{l.signal}</td>
                      <td>
                        {l.value}
                        {l.flags.length > 0 && <span className="muted"> ({l.flags.join(', ')})</span>}
                      </td>
                      <td>
                        × {num(Math.round(l.likelihoodRatio * 10) / 10)}{' '}
                        <span className="muted">({l.bits.toFixed(2)} bits)</span>
                      </td>
                      <td>
                        <LedgerSource caseName={caseName} l={l} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="names-h" className="card">
            <h2 id="names-h">{t('actor.names')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('actor.name')}</th>
                  <th scope="col">{t('actor.source')}</th>
                  <th scope="col">{t('actor.firstSeen')}</th>
                  <th scope="col">{t('actor.lastSeen')}</th>
                </tr>
              </thead>
              <tbody>
                {p.names.map((n) => (
                  <tr key={`${n.name}\0${n.source}`}>
                    <td>{n.name}</td>
                    <td>
                      {n.account ?? '—'} <span className="muted">({n.source})</span>
                    </td>
                    <td>{when(n.firstSeen)}</td>
                    <td>{when(n.lastSeen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="chats-h" className="card">
            <h2 id="chats-h">{t('actor.chats')}</h2>
            <ul>
              {p.chats.map((c) => (
                <li key={c.chat}>
                  <strong>{c.title ?? c.chat}</strong> —{' '}
                  {t('actor.chatLine', {
                    count: num(c.messages),
                    first: when(c.firstMessage),
                    last: when(c.lastMessage),
                  })}
                  {c.memberships.length > 0 && (
                    <span className="muted">
                      {' '}
                      ·{' '}
                      {c.memberships
                        .map(
                          (m) =>
                            `${m.kind} ${when(m.from)}${m.to && m.to !== m.from ? ` → ${when(m.to)}` : ''}`,
                        )
                        .join('; ')}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="activity-h" className="card">
            <h2 id="activity-h">{t('actor.activity')}</h2>
            {p.heatmap.zone && (
              <fieldset className="toggle">
                <legend className="sr-only">{t('actor.zoneChoice')}</legend>
                <label>
                  <input type="radio" name="zone" checked={!local} onChange={() => setLocal(false)} /> UTC
                </label>
                <label>
                  <input type="radio" name="zone" checked={local} onChange={() => setLocal(true)} />{' '}
                  {p.heatmap.zone}
                </label>
              </fieldset>
            )}
            <Heatmap
              grid={local && p.heatmap.local ? p.heatmap.local : p.heatmap.utc}
              label={t('actor.heatmapOf', { zone: local && p.heatmap.zone ? p.heatmap.zone : 'UTC' })}
            />
          </section>
          <section aria-labelledby="media-h" className="card">
            <h2 id="media-h">{t('actor.media')}</h2>
            <p>
              {Object.entries(p.media.byStatus)
                .map(([s, n]) => `${s}: ${num(n)}`)
                .join(' · ')}
            </p>
            {p.media.byCategory.length > 0 && (
              <p className="muted">
                {p.media.byCategory
                  .map((c) => `${c.category || t('actor.uncategorised')}: ${num(c.count)}`)
                  .join(' · ')}
              </p>
            )}
          </section>
          <section aria-labelledby="clusters-h" className="card">
            <h2 id="clusters-h">{t('actor.clusters')}</h2>
            {p.clusters.length === 0 && <p>{t('actor.noClusters')}</p>}
            <ul>
              {p.clusters.map((c) => (
                <li key={c.id}>
                  <Link to={`${base}/clusters/${encodeURIComponent(c.id)}`}>{c.id}</Link> ({c.status}) —{' '}
                  {t('actor.spread', {
                    occurrences: num(c.occurrences),
                    chats: num(c.chatsReached),
                    reposters: num(c.reposters),
                  })}
                  {c.firstMessage && (
                    <>
                      {' · '}
                      <Link to={chatPath(caseName, c.firstMessage.chat, c.firstMessage.message)}>
                        {t('actor.showInChat')}
                      </Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="score-h" className="card">
            <h2 id="score-h">{t('actor.score')}</h2>
            {!p.score ? (
              <p>{t('actor.noScore')}</p>
            ) : (
              <ul>
                {(
                  p.score.factors as Array<{
                    name: string;
                    value: number;
                    weight: number;
                    contribution: number;
                    facts: string[];
                  }>
                ).map((f) => (
                  <li key={f.name}>
                    <strong>{f.name}</strong>: {num(f.value)} × {f.weight} → {f.contribution.toFixed(3)}
                    {f.facts.length > 0 && <span className="muted"> — {f.facts.slice(0, 3).join('; ')}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="net-h" className="card">
            <h2 id="net-h">{t('actor.neighbours')}</h2>
            {p.neighbours.length === 0 && <p>{t('actor.noNeighbours')}</p>}
            <ul>
              {p.neighbours.map((n) => (
                <li key={n.actor}>
                  <Link to={`${base}/actors/${encodeURIComponent(n.actor)}`}>{n.name ?? n.actor}</Link>{' '}
                  <UndercoverBadge on={n.undercover} />{' '}
                  <span className="muted">
                    {t('actor.edge', {
                      weight: num(n.weight),
                      replies: n.replies,
                      mentions: n.mentions,
                      reposts: n.reposts,
                      direction: n.direction,
                    })}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="dec-h" className="card">
            <h2 id="dec-h">{t('actor.decisions')}</h2>
            {p.decisions.length === 0 && <p>{t('actor.noDecisions')}</p>}
            <ul>
              {p.decisions.map((d, i) => (
                <li key={i}>
                  {when(d.at)} · <strong>{d.decision}</strong> · {d.user} — {d.reason}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </section>
  );
}

/** Where a ledger item came from: a message (opens the chat there), a return row, a media, a name. */
function LedgerSource({ caseName, l }: { caseName: string; l: Ledger }) {
  const { t } = useI18n();
  const s = l.source;
  switch (s.kind) {
    case 'message':
      return (
        <Link to={chatPath(caseName, s.chat, s.message)} className="ledger-message">
          {t('actor.message', { id: s.message })}
        </Link>
      );
    case 'messages':
      return (
        <span>
          {t('actor.messagesSample', { count: s.count })}{' '}
          {s.sample.map((m) => (
            <Link
              key={`${m.chat}:${m.message}`}
              to={chatPath(caseName, m.chat, m.message)}
              className="ledger-message"
            >
              #{m.message}{' '}
            </Link>
          ))}
        </span>
      );
    case 'returnRow':
      return (
        <span>
          {t('actor.returnRow', { line: s.line })} <span className="muted">({s.source})</span>
          {s.row && (
            <span className="muted">
              {' '}
              — {[s.row.phone, s.row.ip, when(s.row.seenAt)].filter(Boolean).join(' · ')}
            </span>
          )}
        </span>
      );
    case 'media':
      return (
        <Link to={`/cases/${encodeURIComponent(caseName)}/media/${s.sha256}`}>
          <Hash value={s.sha256} />
        </Link>
      );
    case 'name':
      return <span>{t('actor.nameSeen', { name: s.name })}</span>;
  }
}
