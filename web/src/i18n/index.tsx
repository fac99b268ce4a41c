/** The workbench's one i18n layer: a language context, `t(key, vars)`, and dates in the person's time zone. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey, type Messages } from './en.js';
import { fr } from './fr.js';

/** The languages the workbench speaks. */
export const LANGUAGES = { en, fr } as const satisfies Record<string, Messages>;
/** A language code. */
export type Lang = keyof typeof LANGUAGES;

/** What components get from useI18n(). */
export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  date: (iso: string | number | null | undefined) => string;
  num: (n: number) => string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'vigie.lang';

/** The language to start in: the one chosen before, else the browser's if we speak it, else English. */
function initialLang(): Lang {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'fr') return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Fill `{name}` placeholders. */
export function format(text: string, vars?: Record<string, string | number>): string {
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}

/** Provide the i18n context to the app. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = lang;
    const dates = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    const nums = new Intl.NumberFormat(lang);
    return {
      lang,
      setLang,
      t: (key, vars) => format(LANGUAGES[lang][key], vars),
      date: (iso) => (iso === null || iso === undefined ? '—' : dates.format(new Date(iso))),
      num: (n) => nums.format(n),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The i18n of the current language. */
export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
