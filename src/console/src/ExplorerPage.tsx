// GraphiQL against the local API, as a chosen user of the local pool. Requests carry that user's
// id token (issued by the pool for this console); a refused operation is shown with the @auth rules
// that decided it and the identity that asked. Before a user is chosen, introspection goes to the
// console API (the served schema, no data), so the docs and completion work from the first load.
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { getOperationAST, parse } from 'graphql';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { call, type ActAs, type ConsoleInfo, type Identity, type PoolUser, type RefusalExplanation } from './api';
import { subscribe } from './realtime';
import { fixGraphiQLTabRoles } from './tab-roles';
import { GroupsChoice } from './GroupsChoice';

type Fetcher = GraphiQLProps['fetcher'];
interface Refusal {
  identity: Identity;
  explanations: RefusalExplanation[];
}

const STORAGE_KEY = 'wildrydes-console-act-as';

function storedActAs(): ActAs | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as ActAs | null;
    return value && value.identity.expiresAt > Date.now() ? value : null;
  } catch {
    return null;
  }
}

/** Whether the operation reads only the schema (__schema, __type, __typename), as GraphiQL's introspection does. */
function isIntrospection(query: string, operationName?: string | null): boolean {
  try {
    const operation = getOperationAST(parse(query), operationName ?? undefined);
    return (
      operation?.operation === 'query' &&
      operation.selectionSet.selections.every((selection) => selection.kind === 'Field' && selection.name.value.startsWith('__'))
    );
  } catch {
    return false;
  }
}

function isSubscription(query: string, operationName?: string | null): boolean {
  try {
    return getOperationAST(parse(query), operationName ?? undefined)?.operation === 'subscription';
  } catch {
    return false;
  }
}

export function ExplorerPage() {
  const [info, setInfo] = useState<ConsoleInfo | null>(null);
  const [users, setUsers] = useState<PoolUser[]>([]);
  const [actAs, setActAs] = useState<ActAs | null>(storedActAs);
  const [chosen, setChosen] = useState('');
  const [newName, setNewName] = useState('');
  const [newGroups, setNewGroups] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [schemaVersion, setSchemaVersion] = useState<number | null>(null);
  const [reloadError, setReloadError] = useState<string | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  useEffect(() => (hostRef.current ? fixGraphiQLTabRoles(hostRef.current) : undefined), []);
  const actAsRef = useRef(actAs);
  actAsRef.current = actAs;

  const loadUsers = useCallback(async () => {
    const list = await call<{ users: PoolUser[] }>('GET', 'users');
    setUsers(list.users);
  }, []);
  useEffect(() => {
    call<ConsoleInfo>('GET', 'info').then(setInfo, (error: Error) => setProblem(error.message));
    loadUsers().catch((error: Error) => setProblem(error.message));
  }, [loadUsers]);

  // A schema reload on the server re-opens GraphiQL, which introspects again (its docs show the new schema).
  useEffect(() => {
    const timer = setInterval(() => {
      call<{ reload: { version: number; error: string | null } | null }>('GET', 'reload').then(({ reload }) => {
        if (!reload) return;
        setSchemaVersion((previous) => (previous === reload.version ? previous : reload.version));
        setReloadError(reload.error);
      }, () => {});
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  const become = async (username: string) => {
    setProblem(null);
    try {
      const result = await call<ActAs>('POST', 'act-as', { username });
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(result));
      setActAs(result);
      setRefusal(null);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const createAndBecome = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await call('POST', 'users', { username: newName, groups: newGroups });
      await loadUsers();
      setNewName('');
      setNewGroups([]);
      await become(newName);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const fetcher = useMemo<Fetcher | null>(() => {
    if (!info) return null;
    return (params) => {
      const current = actAsRef.current;
      if (!current) {
        // The schema needs no user: its docs and completion work before anyone is chosen.
        if (isIntrospection(params.query, params.operationName)) {
          return fetch('/console/api/introspect', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) }).then(
            (response) => response.json() as never,
          );
        }
        return { errors: [{ message: 'Choose a user to act as (above): every request runs as a user of the local pool.' }] } as never;
      }
      if (isSubscription(params.query, params.operationName)) return subscribe(info.realtime, info.graphql, current.idToken, params.query, params.variables);
      return (async () => {
        const response = await fetch(info.graphql, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: current.idToken },
          body: JSON.stringify(params),
        });
        const result = (await response.json()) as { data?: unknown; errors?: Array<{ errorType?: string }> };
        const introspection = params.operationName === 'IntrospectionQuery';
        if (!introspection) {
          const refused = (result.errors ?? []).some((error) => error.errorType === 'Unauthorized');
          if (refused) {
            const { explanations } = await call<{ explanations: RefusalExplanation[] }>('POST', 'explain', { errors: result.errors });
            setRefusal({ identity: current.identity, explanations });
          } else {
            setRefusal(null);
          }
        }
        return result as never;
      })();
    };
  }, [info]);

  const groups = info?.groups ?? [];
  return (
    <div className="explorer">
      <h1 className="visually-hidden">API explorer</h1>
      <section className="identity-bar" aria-label="Who the requests run as">
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen) void become(chosen);
          }}
        >
          <label htmlFor="act-as-user">Act as</label>
          <select id="act-as-user" value={chosen} onChange={(event) => setChosen(event.target.value)} onFocus={() => void loadUsers()}>
            <option value="">choose a user…</option>
            {users.map((user) => (
              <option key={user.username} value={user.username}>
                {user.username}
                {user.groups.length ? ` (${user.groups.join(', ')})` : ''}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!chosen}>
            Act as this user
          </button>
        </form>
        <form className="inline-form" onSubmit={createAndBecome}>
          <label htmlFor="new-user-name">New user</label>
          <input id="new-user-name" value={newName} onChange={(event) => setNewName(event.target.value)} autoComplete="off" />
          <GroupsChoice groups={groups} chosen={newGroups} onChange={setNewGroups} />
          <button type="submit" disabled={!newName}>
            Create and act as
          </button>
        </form>
        <div className="identity" role="status" aria-label="Current identity">
          {actAs ? (
            <dl>
              <dt>User</dt>
              <dd data-testid="identity-username">{actAs.identity.username}</dd>
              <dt>sub</dt>
              <dd>{actAs.identity.sub}</dd>
              <dt>Groups</dt>
              <dd data-testid="identity-groups">{actAs.identity.groups.length ? actAs.identity.groups.join(', ') : 'none'}</dd>
              <dt>Token expires</dt>
              <dd>{new Date(actAs.identity.expiresAt).toLocaleTimeString()}</dd>
            </dl>
          ) : (
            <p>Not acting as anyone yet.</p>
          )}
        </div>
      </section>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      {reloadError && (
        <section className="problem" role="alert" aria-label="Schema compile error">
          <h2>The changed schema does not compile; the previous API keeps serving</h2>
          <pre>{reloadError}</pre>
        </section>
      )}
      {refusal && (
        <section className="refusal" aria-label="Why the operation was refused" data-testid="refusal">
          <h2>Refused: why</h2>
          <p>
            Ran as <strong>{refusal.identity.username}</strong> (sub {refusal.identity.sub}; groups{' '}
            {refusal.identity.groups.length ? refusal.identity.groups.join(', ') : 'none'}).
          </p>
          {refusal.explanations.map((explanation) => (
            <div key={explanation.path} className="explanation">
              <h3>
                <code>{explanation.path || `${explanation.type}.${explanation.field}`}</code>: {explanation.type}.{explanation.field}
              </h3>
              {explanation.model && (
                <>
                  <p>Rules of type {explanation.model}:</p>
                  <pre>{explanation.modelRules ?? '(no @auth on the type)'}</pre>
                </>
              )}
              {explanation.fieldRules && (
                <>
                  <p>Rules of field {explanation.field} (these replace the type's rules for it):</p>
                  <pre>{explanation.fieldRules}</pre>
                </>
              )}
            </div>
          ))}
        </section>
      )}
      <div className="graphiql-host" ref={hostRef}>
        {fetcher && (
          <GraphiQL
            key={`${actAs?.identity.sub ?? 'nobody'}-${schemaVersion ?? 0}`}
            fetcher={fetcher}
            // Before a user is chosen the schema is what there is to see: its docs open at once.
            visiblePlugin={actAs ? undefined : 'Documentation Explorer'}
          >
            <GraphiQL.Logo>Wild Rydes API</GraphiQL.Logo>
          </GraphiQL>
        )}
      </div>
    </div>
  );
}
