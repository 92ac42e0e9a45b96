// The last requests the GraphQL endpoint answered, newest first; the resolver templates of one on demand.
import { useEffect, useRef, useState } from 'react';
import { call, type RequestLogEntry } from './api';

export function RequestsPage() {
  const [entries, setEntries] = useState<RequestLogEntry[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [template, setTemplate] = useState<{ path: string; content: string } | null>(null);
  const last = useRef(0);

  useEffect(() => {
    const poll = () =>
      call<{ requests: RequestLogEntry[] }>('GET', `requests?after=${last.current}`).then(({ requests }) => {
        if (requests.length === 0) return;
        last.current = requests[requests.length - 1]!.id;
        setEntries((previous) => [...requests.reverse(), ...previous].slice(0, 500));
      }, () => {});
    void poll();
    const timer = setInterval(poll, 1000);
    return () => clearInterval(timer);
  }, []);

  const show = async (path: string) => setTemplate(await call<{ path: string; content: string }>('GET', `templates?path=${encodeURIComponent(path)}`));
  const selected = entries.find((entry) => entry.id === open);

  return (
    <div className="page">
      <h1>Requests</h1>
      <p>The last requests to the GraphQL endpoint (newest first; the console keeps 500).</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Caller</th>
            <th scope="col">Operation</th>
            <th scope="col">Kind</th>
            <th scope="col">Duration</th>
            <th scope="col">Outcome</th>
            <th scope="col">Resolvers</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="request-row">
              <td>{new Date(entry.at).toLocaleTimeString()}</td>
              <td>{entry.caller ? entry.caller.username : '-'}</td>
              <td>{entry.operationName ?? '(anonymous)'}</td>
              <td>{entry.kind ?? ''}</td>
              <td>{entry.durationMs.toFixed(1)} ms</td>
              <td className={entry.outcome === 'ok' ? 'ok' : 'bad'}>
                {entry.outcome}
                {entry.unauthorizedPaths.length > 0 && ` (${entry.unauthorizedPaths.join(', ')})`}
              </td>
              <td>
                <button type="button" onClick={() => setOpen(open === entry.id ? null : entry.id)} aria-expanded={open === entry.id} disabled={!entry.templates.length}>
                  {entry.templates.length} templates
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && (
        <section className="card" aria-labelledby="templates-heading">
          <h2 id="templates-heading">Templates that ran for request {selected.id}</h2>
          {selected.messages.length > 0 && (
            <ul>
              {selected.messages.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          )}
          <ol>
            {selected.templates.map((path, i) => (
              <li key={`${i}-${path}`}>
                <button type="button" className="link" onClick={() => void show(path)}>
                  {path}
                </button>
              </li>
            ))}
          </ol>
          {template && (
            <>
              <h3>{template.path}</h3>
              <pre>{template.content}</pre>
            </>
          )}
        </section>
      )}
    </div>
  );
}
