/** The chats of a case (the chat reader's entry point): title, type, messages, members, first and last message. */
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { Link, PageTitle, Status } from '../components/common.js';
import { chatPath } from '../components/MessageLink.js';
import type { ChatItem } from '../../../src/contracts/listings.js';
import type { Page } from '../types.js';
import type { z } from 'zod';

/** The chats view of a case. */
export function Chats({ caseName }: { caseName: string }) {
  const { t, num, date } = useI18n();
  const r = useApi<Page<z.infer<typeof ChatItem>>>(casePath(caseName, '/chats?limit=1000'));
  const items = r.data?.items ?? [];
  return (
    <section>
      <PageTitle text={t('chats.title')}>{t('chats.title')}</PageTitle>
      <Status loading={r.loading} error={r.error} />
      {r.data && items.length === 0 && <p>{t('chats.none')}</p>}
      {items.length > 0 && (
        <table className="chats" data-view-ready="chats">
          <thead>
            <tr>
              <th scope="col">{t('chats.chat')}</th>
              <th scope="col">{t('chats.type')}</th>
              <th scope="col">{t('chats.messages')}</th>
              <th scope="col">{t('chats.members')}</th>
              <th scope="col">{t('chats.first')}</th>
              <th scope="col">{t('chats.last')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={chatPath(caseName, c.id)}>{c.title ?? c.id}</Link>
                  <div className="muted">{c.id}</div>
                </td>
                <td>{c.type ?? '—'}</td>
                <td>{num(c.messages)}</td>
                <td>{num(c.members)}</td>
                <td>{date(c.firstMessage)}</td>
                <td>{date(c.lastMessage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
