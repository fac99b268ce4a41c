/** Build a referral package for the selected accepted targets and download it (liaison officers, supervisors). */
import { useState, type FormEvent } from 'react';
import { api, casePath } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import type { ReferralBuilt } from '../../../src/contracts/referrals.js';
import type { TargetItem } from '../types.js';

/** Languages a report can be written in besides French (src/referral/report.ts). */
const LANGS = ['en', 'de'] as const;
/** Countries whose police read German reports. */
const GERMAN = new Set(['DE', 'AT', 'CH', 'LI']);

/** The country most of the targets are attributed to (ties: alphabetical), or ''. */
function commonCountry(targets: readonly TargetItem[]): string {
  const n = new Map<string, number>();
  for (const x of targets) {
    const c = x.attribution?.country;
    if (c) n.set(c, (n.get(c) ?? 0) + 1);
  }
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
}

/** The referral form under the targets table; the answer's single-use link downloads the zip. */
export function ReferralPanel({ caseName, targets }: { caseName: string; targets: readonly TargetItem[] }) {
  const { t } = useI18n();
  const { person } = useSession();
  const [country, setCountry] = useState<string | null>(null);
  const [built, setBuilt] = useState<ReferralBuilt | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState('');
  const cc = country ?? commonCountry(targets);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const includeMedia = f.get('includeMedia') === 'on';
    const reason = String(f.get('reason') ?? '').trim();
    setBusy(true);
    setBuilt(null);
    setMsg(t('referral.building'));
    api<ReferralBuilt>(casePath(caseName, '/referrals'), {
      method: 'POST',
      body: {
        actors: targets.map((x) => x.actor),
        to: cc,
        lang: LANGS.filter((l) => f.get(`lang-${l}`) === 'on'),
        ...(includeMedia ? { includeMedia } : {}),
        ...(reason ? { reason } : {}),
      },
    }).then(
      (r) => {
        setBuilt(r);
        setMsg(
          t('referral.built', {
            id: r.packageId,
            count: r.actors.length,
            files: r.files,
            sha: r.tagManifestSha256.slice(0, 16),
          }),
        );
        setBusy(false);
      },
      (err: unknown) => {
        setMsg(t('app.error', { message: err instanceof Error ? err.message : String(err) }));
        setBusy(false);
      },
    );
  };
  return (
    <form className="referral" onSubmit={submit} aria-labelledby="referral-title">
      <h2 id="referral-title">{t('referral.title')}</h2>
      <p className="muted">{t('referral.help')}</p>
      <p>{t('referral.selected', { count: targets.length })}</p>
      <fieldset disabled={busy} className="filters">
        <label>
          {t('referral.country')}
          <input
            name="to"
            value={cc}
            onChange={(e) => setCountry(e.target.value.toUpperCase())}
            required
            pattern="[A-Za-z]{2}"
            maxLength={2}
            size={3}
          />
        </label>
        <fieldset className="langs">
          <legend>{t('referral.languages')}</legend>
          {LANGS.map((l) => (
            <label key={`${l}-${cc}`}>
              <input
                type="checkbox"
                name={`lang-${l}`}
                defaultChecked={l === 'en' || (l === 'de' && GERMAN.has(cc))}
              />
              {l}
            </label>
          ))}
        </fieldset>
        {person.role === 'supervisor' && (
          <>
            <label>
              <input type="checkbox" name="includeMedia" />
              {t('referral.includeMedia')}
            </label>
            <label>
              {t('referral.reason')}
              <input name="reason" maxLength={2000} />
            </label>
          </>
        )}
        <button type="submit" disabled={targets.length === 0 || !cc}>
          {t('referral.build')}
        </button>
      </fieldset>
      <p role="status">{msg}</p>
      {built && (
        <p>
          <a href={built.download.url} download={built.download.fileName} className="button">
            {t('referral.download', { file: built.download.fileName })}
          </a>
        </p>
      )}
    </form>
  );
}
