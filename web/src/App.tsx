/** The workbench shell: session check, sign-in, header with navigation and language, and the routed view. */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api.js';
import { useI18n, LANGUAGES, type Lang } from './i18n/index.js';
import type { MessageKey } from './i18n/en.js';
import { parseRoute, useLocation, type Route } from './router.js';
import { SessionContext } from './session.js';
import type { Person, SessionInfo } from './types.js';
import { Link } from './components/common.js';
import { SignIn } from './views/SignIn.js';
import { Cases } from './views/Cases.js';
import { Dashboard } from './views/Dashboard.js';
import { NewContent } from './views/NewContent.js';
import { MediaView } from './views/Media.js';
import { Targets } from './views/Targets.js';
import { Jobs } from './views/Jobs.js';
import { Search } from './views/Search.js';
import { Chat } from './views/Chat.js';
import { lazy, Suspense } from 'react';
// The network and countries views (sigma.js, the world's shapes) load on first use: the first bundle stays small.
const Network = lazy(async () => ({ default: (await import('./views/Network.js')).Network }));
const Countries = lazy(async () => ({ default: (await import('./views/Countries.js')).Countries }));
import { Actor } from './views/Actor.js';
import { Cluster } from './views/Cluster.js';
import { Audit } from './views/Audit.js';
import { Chats } from './views/Chats.js';

/** The person of a session answer. */
function personOf(body: unknown): Person | null {
  const b = body as SessionInfo | null;
  return b?.name && b.role ? { name: b.name, role: b.role } : null;
}

/** The app: ask who is signed in, then show the sign-in page or the workbench. */
export function App() {
  const [person, setPerson] = useState<Person | null | undefined>(undefined);
  useEffect(() => {
    api<unknown>('/session').then(
      (b) => setPerson(personOf(b)),
      () => setPerson(null),
    );
  }, []);
  const signOut = useCallback(() => {
    api('/session', { method: 'DELETE' }).then(
      () => setPerson(null),
      (e: unknown) => setPerson(e instanceof ApiError && e.status === 401 ? null : person),
    );
  }, [person]);
  if (person === undefined) return null;
  if (person === null) return <SignIn onSignedIn={(b) => setPerson(personOf(b))} />;
  return (
    <SessionContext.Provider value={{ person, signOut }}>
      <Shell person={person} signOut={signOut} />
    </SessionContext.Provider>
  );
}

const CASE_NAV: readonly { view: Exclude<Route['view'], 'cases' | 'chat'>; key: MessageKey; sub: string }[] =
  [
    { view: 'dashboard', key: 'nav.dashboard', sub: '' },
    { view: 'new', key: 'nav.newContent', sub: '/new' },
    { view: 'media', key: 'nav.media', sub: '/media' },
    { view: 'targets', key: 'nav.targets', sub: '/targets' },
    { view: 'jobs', key: 'nav.jobs', sub: '/jobs' },
    { view: 'search', key: 'nav.search', sub: '/search' },
    { view: 'network', key: 'nav.network', sub: '/network' },
    { view: 'countries', key: 'nav.countries', sub: '/countries' },
    { view: 'audit', key: 'nav.audit', sub: '/audit' },
    { view: 'chats', key: 'nav.chats', sub: '/chats' },
  ];

/** Header, navigation and the current view. */
function Shell({ person, signOut }: { person: Person; signOut: () => void }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const route = parseRoute(path);
  const caseName = route.view === 'cases' ? null : route.caseName;
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul>
            <li>
              <Link to="/" current={route.view === 'cases'}>
                {t('nav.cases')}
              </Link>
            </li>
            {caseName &&
              CASE_NAV.map((n) => (
                <li key={n.view}>
                  <Link to={`/cases/${encodeURIComponent(caseName)}${n.sub}`} current={route.view === n.view}>
                    {t(n.key)}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="who">
          <LanguageSwitch />
          <span>{t('app.signedInAs', { name: person.name, role: roleLabel(t, person.role) })}</span>
          <button type="button" onClick={signOut}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="main">
        <View route={route} />
      </main>
    </>
  );
}

/** The translated name of a role. */
function roleLabel(t: (k: MessageKey) => string, role: string): string {
  const key = `role.${role}` as MessageKey;
  return key in LANGUAGES.en ? t(key) : role;
}

/** The view of a route. */
function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'cases':
      return <Cases />;
    case 'dashboard':
      return <Dashboard caseName={route.caseName} />;
    case 'new':
      return <NewContent caseName={route.caseName} />;
    case 'media':
      return <MediaView caseName={route.caseName} sha={route.sha} />;
    case 'targets':
      return <Targets caseName={route.caseName} />;
    case 'jobs':
      return <Jobs caseName={route.caseName} />;
    case 'search':
      return <Search caseName={route.caseName} />;
    case 'chat':
      return <Chat caseName={route.caseName} chat={route.chat} />;
    case 'network':
      return (
        <Suspense fallback={null}>
          <Network caseName={route.caseName} />
        </Suspense>
      );
    case 'countries':
      return (
        <Suspense fallback={null}>
          <Countries caseName={route.caseName} />
        </Suspense>
      );
    case 'actor':
      return <Actor key={route.id} caseName={route.caseName} id={route.id} />;
    case 'cluster':
      return <Cluster key={route.id} caseName={route.caseName} id={route.id} />;
    case 'audit':
      return <Audit caseName={route.caseName} />;
    case 'chats':
      return <Chats caseName={route.caseName} />;
  }
}

/** The language switch (English / français). */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t('app.language')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        <option value="en" lang="en">
          English
        </option>
        <option value="fr" lang="fr">
          Français
        </option>
      </select>
    </label>
  );
}
