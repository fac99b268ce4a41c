/** Small shared components: links, loading and error states, the page title. */
import { useEffect, useRef, type ReactNode } from 'react';
import { navigate } from '../router.js';
import { useI18n } from '../i18n/index.js';

/** An in-app link (history navigation, still a real <a href> for the keyboard and screen readers). */
export function Link(props: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  return (
    <a
      href={props.to}
      className={props.className}
      aria-current={props.current ? 'page' : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

/** The loading line or the error of a read. */
export function Status({ loading, error }: { loading: boolean; error: Error | null }) {
  const { t } = useI18n();
  if (error)
    return (
      <p role="alert" className="error">
        {t('app.error', { message: error.message })}
      </p>
    );
  if (loading)
    return (
      <p role="status" className="muted">
        {t('app.loading')}
      </p>
    );
  return null;
}

/** A view's <h1>, focused on navigation so screen readers announce the new page; sets document.title. */
export function PageTitle({ children, text }: { children: ReactNode; text: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${text} · Vigie`;
    ref.current?.focus();
  }, [text]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** The mark of one of the case's own (undercover) accounts, wherever such an actor is named (issue 19). */
export function UndercoverBadge({ on }: { on: boolean | undefined }) {
  const { t } = useI18n();
  if (!on) return null;
  return (
    <span className="undercover-badge" title={t('undercover.title')}>
      {t('undercover.badge')}
    </span>
  );
}

/** Why a media is `uncertain` (PDQ quality under the threshold, no exact match), or nothing. */
export function UncertainWhy({ why }: { why: { quality: number | null; threshold: number } | undefined }) {
  const { t } = useI18n();
  if (!why) return null;
  return (
    <p className="uncertain-why">
      {t('uncertain.why', { quality: why.quality ?? '?', threshold: why.threshold })}
    </p>
  );
}

/** A shortened hash for display, the whole one in a title. */
export function Hash({ value, n = 12 }: { value: string | null; n?: number }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <code className="hash" title={value}>
      {value.length > n ? `${value.slice(0, n)}…` : value}
    </code>
  );
}
