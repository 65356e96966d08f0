// Routes and the page frame (header with navigation, language switcher, user menu).

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, NavLink, Outlet, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, onUnauthorized } from './api/client';
import { api } from './api/endpoints';
import { LANGUAGES, setLanguage, type Lang } from './i18n';
import { loadMe, useSession, ME_KEY } from './session';
import { HomePage } from './pages/Home';
import { SignInPage, SignUpPage } from './pages/Auth';
import { JuryLinkPage } from './pages/JuryLink';
import { AdminSignInPage } from './pages/AdminSignIn';
import { AccountPage, CheckInboxPage, InvitePage, ResetPage, ResetRequestPage, VerifyBanner, VerifyPage } from './pages/Account';
import { ContestOrCertificatePage } from './pages/Verify';
import { JoinPage } from './pages/Join';
import { TeamPage } from './pages/Team';
import { ReceiptPage } from './pages/Receipt';
import { MyTeamsPage } from './pages/MyTeams';
import { Loading } from './components/ui';
import { preloadFirstRoute, useEntryPreload } from './hooks/useEntryPreload';
import { ResultsPage } from './pages/Results';
import { NotFoundPage } from './pages/NotFound';

// The judge portal and the organizer console load on demand (smaller first load).
const judgePages = () => import('./pages/Judge');
const JudgeHome = lazy(() => judgePages().then((m) => ({ default: m.JudgeHome })));
const JudgeAssignment = lazy(() => judgePages().then((m) => ({ default: m.JudgeAssignment })));
const OrganizerHome = lazy(() => import('./pages/OrganizerHome').then((m) => ({ default: m.OrganizerHome })));
const ContestEditorPage = lazy(() => import('./pages/OrganizerHome').then((m) => ({ default: m.ContestEditorPage })));
const PresenterPage = lazy(() => import('./pages/Ceremony').then((m) => ({ default: m.PresenterPage })));
const AudiencePage = lazy(() => import('./pages/Ceremony').then((m) => ({ default: m.AudiencePage })));
const ConsolePage = lazy(() => import('./pages/console').then((m) => ({ default: m.ConsolePage })));
const LiveDisplayPage = lazy(() => import('./pages/LiveRoom').then((m) => ({ default: m.LiveDisplayPage })));
const LiveRoomPage = lazy(() => import('./pages/LiveRoom').then((m) => ({ default: m.LiveRoomPage })));
const LiveTimetablePage = lazy(() => import('./pages/LiveRoom').then((m) => ({ default: m.LiveTimetablePage })));

/**
 * The judge's entry page: its entry, pdf.js and the entry's PDF start
 * loading as soon as the route is known, beside the page's own chunk.
 */
function JudgeAssignmentRoute() {
  const { id = '' } = useParams();
  useEntryPreload(id);
  return (
    <Suspense fallback={<Loading />}>
      <JudgeAssignment />
    </Suspense>
  );
}

/** Creates the react-query client: no retries on 4xx, which will not change. */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (n, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && n < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function App() {
  const [qc] = useState(() => {
    const client = makeQueryClient();
    // Every page waits for the session: it is asked for now, not once the
    // first render is done (a quarter of a second on a slow phone).
    void client.prefetchQuery({ queryKey: ME_KEY, queryFn: loadMe });
    // So is a judge's entry, when the app opens on one, and then its PDF;
    // its page's chunk is asked for now too, not once the render reaches it.
    if (preloadFirstRoute(client, window.location.pathname)) void judgePages();
    return client;
  });
  useEffect(() => onUnauthorized(() => qc.setQueryData(ME_KEY, null)), [qc]);
  return (
    <QueryClientProvider client={qc}>
      <BrowserRouter>
        <Routes>
          <Route path="live/display/:token" element={<Suspense fallback={<Loading />}><LiveDisplayPage /></Suspense>} />
          <Route path="show/:token" element={<Suspense fallback={<Loading />}><AudiencePage /></Suspense>} />
          <Route element={<Layout />}>
            <Route index element={<HomePage />} />
            <Route path="signin" element={<SignInPage />} />
            <Route path="signup" element={<SignUpPage />} />
            <Route path="check-inbox" element={<CheckInboxPage />} />
            <Route path="verify/:token" element={<VerifyPage />} />
            <Route path="reset" element={<ResetRequestPage />} />
            <Route path="reset/:token" element={<ResetPage />} />
            <Route path="invite/:token" element={<InvitePage />} />
            <Route path="jury/:token" element={<JuryLinkPage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="admin/sign-in" element={<AdminSignInPage />} />
            <Route path="c/:slug" element={<ContestOrCertificatePage />} />
            <Route path="c/:slug/results" element={<ResultsPage />} />
            <Route path="c/:slug/join/:code" element={<JoinPage />} />
            <Route path="join/:code" element={<JoinPage />} />
            <Route path="teams" element={<MyTeamsPage />} />
            <Route path="teams/:id" element={<TeamPage />} />
            <Route path="teams/:id/receipt" element={<ReceiptPage />} />
            <Route path="teams/:id/receipt/:version" element={<ReceiptPage />} />
            <Route path="judge" element={<JudgeHome />} />
            <Route path="judge/assignments/:id" element={<JudgeAssignmentRoute />} />
            <Route path="organize" element={<OrganizerHome />} />
            <Route path="organize/new" element={<ContestEditorPage />} />
            <Route path="organize/:slug/*" element={<ConsolePage />} />
            <Route path="live/rooms/:id" element={<LiveRoomPage />} />
            <Route path="live/timetable/:id" element={<LiveTimetablePage />} />
            <Route path="present/:slug" element={<PresenterPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

function Layout() {
  const { t } = useTranslation();
  const location = useLocation();
  // Move focus to the main heading after a client-side navigation (screen readers).
  useEffect(() => {
    const h = document.querySelector<HTMLElement>('main h1');
    if (h && document.activeElement === document.body) h.focus({ preventScroll: true });
  }, [location.pathname]);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Header />
      <main id="main" className="main" tabIndex={-1}>
        <VerifyBanner />
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="footer">
        <span>{t('footer.tagline')}</span>
      </footer>
    </div>
  );
}

function Header() {
  const { t } = useTranslation();
  const s = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  return (
    <header className="header">
      <div className="header-inner">
        <Link to="/" className="brand" aria-label={t('nav.home')}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Podium</span>
        </Link>
        <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="site-nav" onClick={() => setOpen(!open)}>
          {t('nav.menu')}
        </button>
        <nav id="site-nav" className={`nav${open ? ' nav-open' : ''}`} aria-label={t('nav.main')}>
          <NavLink to="/" end>
            {t('nav.contests')}
          </NavLink>
          {s.user && (
            <NavLink to="/teams" end>
              {t('nav.myTeams')}
            </NavLink>
          )}
          {s.user && (s.judgeAnywhere || s.isAdmin) && <NavLink to="/judge">{t('nav.judging')}</NavLink>}
          {s.user && s.organizerAnywhere && <NavLink to="/organize">{t('nav.organize')}</NavLink>}
          <LanguageSwitcher />
          {s.user ? (
            <div className="user-menu">
              <Link to="/account" className="user-name" title={s.user.email}>
                {s.user.name || s.user.email}
              </Link>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={async () => {
                  await s.signOut();
                  navigate('/');
                }}
              >
                {t('nav.signOut')}
              </button>
            </div>
          ) : (
            !s.loading && (
              <>
                <NavLink to="/signin">{t('nav.signIn')}</NavLink>
                <Link to="/signup" className="btn btn-primary btn-small">
                  {t('nav.signUp')}
                </Link>
              </>
            )
          )}
        </nav>
      </div>
    </header>
  );
}

/** The language switcher (a labelled select, remembered across visits). */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const change = (lang: Lang) => {
    setLanguage(lang);
    // A signed-in user's e-mails follow the language they read Podium in.
    if (user) api.setLanguage(lang).catch(() => undefined);
  };
  return (
    <label className="lang">
      <span className="sr-only">{t('nav.language')}</span>
      <select value={i18n.language} onChange={(e) => change(e.target.value as Lang)} aria-label={t('nav.language')}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
