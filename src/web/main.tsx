import { Amplify } from 'aws-amplify';
import { defaultStorage } from 'aws-amplify/utils';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@aws-amplify/ui-react/styles.css';
import './styles.css';
import { createClient } from '../client/index.js';
import { App } from './App.js';
import { loadConfiguration } from './load-configuration.js';

const root = createRoot(document.getElementById('root')!);

try {
  const config = await loadConfiguration();
  // The Authenticator works on the global Amplify; the SDK client has a context of its own. Both
  // keep tokens in localStorage under the same keys, so they share one session.
  Amplify.configure(config);
  const client = createClient(config, { tokenStorage: defaultStorage });
  root.render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <main className="startup-error">
      <h1>Wild Rydes cannot start</h1>
      <p role="alert">{(error as Error).message}</p>
      <button type="button" onClick={() => location.reload()}>
        Reload
      </button>
    </main>,
  );
}
