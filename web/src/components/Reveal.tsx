/** Reveal one file with a reason: shown greyscale first, a colour toggle, hidden again on leaving. */
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/index.js';
import { reveal } from '../triage.js';

/** The reveal control of the detail panel. */
export function Reveal({
  caseName,
  sha,
  onRevealed,
}: {
  caseName: string;
  sha: string;
  onRevealed?: () => void;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [colour, setColour] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // Leaving the page or the tab hides the file again (a new reveal, audited, is needed to see it).
    const hide = () => {
      if (document.visibilityState === 'hidden') setUrl(null);
    };
    document.addEventListener('visibilitychange', hide);
    return () => document.removeEventListener('visibilitychange', hide);
  }, []);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    if (!reason) return;
    reveal(caseName, sha, reason).then(
      (u) => {
        setUrl(u);
        setColour(false);
        setAsking(false);
        setError(null);
        onRevealed?.();
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };
  if (url)
    return (
      <div className="revealed">
        <img
          src={url}
          alt={t('reveal.alt', { sha: sha.slice(0, 12) })}
          className={colour ? 'colour' : 'grey'}
        />
        <div className="row">
          <button type="button" onClick={() => setColour((c) => !c)} aria-pressed={colour}>
            {t(colour ? 'reveal.grey' : 'reveal.colour')}
          </button>
          <button type="button" onClick={() => setUrl(null)}>
            {t('reveal.hide')}
          </button>
        </div>
      </div>
    );
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {t('reveal.button')}
      </button>
    );
  return (
    <form onSubmit={submit} className="reveal-form">
      <label>
        {t('reveal.reason')}
        <textarea name="reason" required minLength={3} rows={2} autoFocus />
      </label>
      {error && (
        <p role="alert" className="error">
          {t('app.error', { message: error })}
        </p>
      )}
      <button type="submit">{t('reveal.confirm')}</button>
    </form>
  );
}
