// The app's frame: Amplify UI's Authenticator for everything before sign-in (sign up, the emailed
// code, sign in, forgotten password), then the signed-in app, loaded only after sign-in so that the
// first page carries no GraphQL client.
import { Authenticator } from '@aws-amplify/ui-react';
import type { ResourcesConfig } from 'aws-amplify';
import { lazy, Suspense } from 'react';

const SignedInApp = lazy(() => import('./SignedInApp.js'));

export function App({ config }: { config: ResourcesConfig }) {
  return (
    <Authenticator
      signUpAttributes={['email']}
      // The pool's policy decides, and its own sentence says why a password is refused: the form
      // does not second-guess it with a guessed default (Amplify UI assumes 8 characters).
      services={{ validateFormPassword: async () => null }}
      components={{
        Header: () => (
          <header className="auth-header">
            <h1>Wild Rydes</h1>
            <p>Unicorn rides, on demand.</p>
          </header>
        ),
      }}
    >
      {({ signOut, user }) => (
        <Suspense fallback={<p role="status">Opening your account…</p>}>
          <SignedInApp key={user?.userId} config={config} signOut={() => signOut?.()} />
        </Suspense>
      )}
    </Authenticator>
  );
}
