import { Amplify } from 'aws-amplify';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@aws-amplify/ui-react/styles.css';
import './styles.css';
import { App } from './App.js';
import { loadConfiguration } from './load-configuration.js';

const root = createRoot(document.getElementById('root')!);

try {
  const config = await loadConfiguration();
  // The Authenticator works on the global Amplify (tokens in localStorage).
  Amplify.configure(config);
  root.render(
    <StrictMode>
      <App config={config} />
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
