/** Sign-in page: user name and password, POST /session. */
import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { LanguageSwitch } from '../App.js';
import { PageTitle } from '../components/common.js';

/** The sign-in form; calls onSignedIn with the server's answer. */
export function SignIn({ onSignedIn }: { onSignedIn: (body: unknown) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    api<unknown>('/session', {
      method: 'POST',
      body: { username: String(f.get('username') ?? ''), password: String(f.get('password') ?? '') },
    }).then(
      (b) => onSignedIn(b),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  return (
    <main id="main" className="signin">
      <div className="signin-lang">
        <LanguageSwitch />
      </div>
      <form onSubmit={submit} className="card">
        <PageTitle text={t('signIn.title')}>
          {t('app.name')} · {t('signIn.title')}
        </PageTitle>
        <label>
          {t('signIn.username')}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p role="alert" className="error">
            {t('signIn.failed', { message: error })}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
