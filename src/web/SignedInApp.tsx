// Everything after sign-in: the person's groups from the id token, the navigation they allow, and
// the pages, each loaded when first opened (the rider's page with this chunk).
import { defaultStorage } from 'aws-amplify/utils';
import type { ResourcesConfig } from 'aws-amplify';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createClient, currentUser, type SignedInUser, type WildRydesClient } from '../client/index.js';
import { describeError, type Problem } from './describe-error.js';
import { Link, usePath } from './router.js';
import { isAdmin, isDispatcher, SessionContext, useSession, type Session } from './session.js';
import { RequestRidePage } from './pages/RequestRidePage.js';

const MyRidesPage = lazy(() => import('./pages/MyRidesPage.js').then((m) => ({ default: m.MyRidesPage })));
const ProfilePage = lazy(() => import('./pages/ProfilePage.js').then((m) => ({ default: m.ProfilePage })));
const DispatchBoardPage = lazy(() => import('./pages/DispatchBoardPage.js').then((m) => ({ default: m.DispatchBoardPage })));
const FleetPage = lazy(() => import('./pages/FleetPage.js').then((m) => ({ default: m.FleetPage })));
const RidersPage = lazy(() => import('./pages/RidersPage.js').then((m) => ({ default: m.RidersPage })));

export default function SignedInApp({ config, signOut }: { config: ResourcesConfig; signOut(): void }) {
  // The Authenticator works on the global Amplify; the SDK client has a context of its own. Both
  // keep tokens in localStorage under the same keys, so they share one session.
  const client = useMemo(() => createClient(config, { tokenStorage: defaultStorage }), [config]);
  return <SignedIn client={client} signOut={signOut} />;
}

function SignedIn({ client, signOut }: { client: WildRydesClient; signOut(): void }) {
  const [user, setUser] = useState<SignedInUser | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    currentUser(client).then(setUser, (error) => setProblem(describeError(error, 'opening your account')));
  }, [client]);

  const session = useMemo<Session | null>(() => (user ? { client, user, signInAgain: signOut } : null), [client, user, signOut]);

  if (problem) {
    return (
      <main className="page">
        <h1>Wild Rydes</h1>
        <div className="problem" role="alert">
          <p>{problem.sentence}</p>
          <button type="button" onClick={signOut}>
            Sign in again
          </button>
        </div>
      </main>
    );
  }
  if (!session) return <p role="status">Opening your account…</p>;
  return (
    <SessionContext.Provider value={session}>
      <Shell onSignOut={signOut} />
    </SessionContext.Provider>
  );
}

interface Route {
  path: string;
  label: string;
  allowed(user: SignedInUser): boolean;
  page: ReactNode;
}

const everyone = () => true;
const ROUTES: Route[] = [
  { path: '/', label: 'Request a ride', allowed: everyone, page: <RequestRidePage /> },
  { path: '/rides', label: 'My rides', allowed: everyone, page: <MyRidesPage /> },
  { path: '/profile', label: 'Profile', allowed: everyone, page: <ProfilePage /> },
  { path: '/dispatch', label: 'Dispatch board', allowed: isDispatcher, page: <DispatchBoardPage /> },
  { path: '/fleet', label: 'Fleet', allowed: isAdmin, page: <FleetPage /> },
  { path: '/riders', label: 'Riders', allowed: isAdmin, page: <RidersPage /> },
];

function Shell({ onSignOut }: { onSignOut(): void }) {
  const path = usePath();
  const { user } = useSession();
  const route = ROUTES.find((r) => r.path === path);
  const roles = isAdmin(user) ? 'Admin' : isDispatcher(user) ? 'Dispatcher' : 'Rider';

  useEffect(() => {
    document.title = route ? `${route.label} · Wild Rydes` : 'Wild Rydes';
  }, [route]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Wild Rydes</span>
        <nav aria-label="Main">
          <ul>
            {ROUTES.filter((r) => r.allowed(user)).map((r) => (
              <li key={r.path}>
                <Link href={r.path}>{r.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {user.username} · {roles}
        </span>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          {!route ? <NotFound /> : route.allowed(user) ? route.page : <NotAllowed label={route.label} />}
        </Suspense>
      </main>
    </>
  );
}

function NotAllowed({ label }: { label: string }) {
  return (
    <section aria-labelledby="denied-heading">
      <h1 id="denied-heading">Not allowed</h1>
      <p>
        Your account may not open the {label.toLowerCase()}: it is for Wild Rydes staff. If you should have access, ask an admin to add you to
        the right group, then sign out and in again.
      </p>
      <p>
        <Link href="/">Back to requesting a ride</Link>
      </p>
    </section>
  );
}

function NotFound() {
  return (
    <section aria-labelledby="missing-heading">
      <h1 id="missing-heading">Page not found</h1>
      <p>There is no page at this address.</p>
      <p>
        <Link href="/">Back to requesting a ride</Link>
      </p>
    </section>
  );
}
