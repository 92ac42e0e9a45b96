// The user pool, as the Cognito console shows it: users with status, email, groups and creation
// date; create, group membership, confirm, disable/enable, password, delete; the codes sent.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { call, type PoolUser } from './api';
import { GroupsChoice } from './GroupsChoice';

interface Code {
  username: string;
  purpose: string;
  code: string;
  destination?: string;
  createdAt: number;
  expiresAt: number;
}

export function UsersPage() {
  const [users, setUsers] = useState<PoolUser[]>([]);
  const [groups, setGroups] = useState<string[]>([]);
  const [codes, setCodes] = useState<Code[]>([]);
  const [search, setSearch] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [form, setForm] = useState({ username: '', email: '', password: '', groups: [] as string[] });

  const load = useCallback(async () => {
    const [pool, outbox] = await Promise.all([call<{ users: PoolUser[]; groups: string[] }>('GET', 'users'), call<{ codes: Code[] }>('GET', 'codes')]);
    setUsers(pool.users);
    setGroups(pool.groups);
    setCodes(outbox.codes);
  }, []);
  useEffect(() => {
    load().catch((error: Error) => setMessage({ text: error.message, error: true }));
  }, [load]);

  const act = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
      setMessage({ text: what, error: false });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
    await load().catch(() => {});
  };
  const user = (name: string) => `users/${encodeURIComponent(name)}`;

  const create = (event: FormEvent) => {
    event.preventDefault();
    void act(`Created ${form.username}`, async () => {
      await call('POST', 'users', { username: form.username, email: form.email || undefined, password: form.password || undefined, groups: form.groups });
      setForm({ username: '', email: '', password: '', groups: [] });
    });
  };

  const needle = search.trim().toLowerCase();
  const shown = users.filter(
    (u) => !needle || u.username.toLowerCase().includes(needle) || (u.email ?? '').toLowerCase().includes(needle) || u.sub.includes(needle),
  );

  return (
    <div className="page">
      <h1>User pool</h1>
      {message && (
        <p className={message.error ? 'problem' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <section aria-labelledby="create-user-heading" className="card">
        <h2 id="create-user-heading">Create a user</h2>
        <form className="grid-form" onSubmit={create}>
          <label>
            Username
            <input required value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} autoComplete="off" />
          </label>
          <label>
            Email
            <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} autoComplete="off" />
          </label>
          <label>
            Password (blank: generated)
            <input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} autoComplete="new-password" />
          </label>
          <GroupsChoice groups={groups} chosen={form.groups} onChange={(chosen) => setForm({ ...form, groups: chosen })} />
          <button type="submit">Create user</button>
        </form>
      </section>
      <section aria-labelledby="users-heading">
        <h2 id="users-heading">Users ({users.length})</h2>
        <label className="search">
          Search users
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="username, email or sub" />
        </label>
        <table>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Status</th>
              <th scope="col">Email</th>
              <th scope="col">Groups</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u.username} data-testid={`user-${u.username}`}>
                <th scope="row">{u.username}</th>
                <td>
                  {u.status}
                  {u.enabled ? '' : ' (disabled)'}
                </td>
                <td>{u.email ?? ''}</td>
                <td>
                  <ul className="chips">
                    {u.groups.map((group) => (
                      <li key={group}>
                        {group}
                        <button
                          type="button"
                          className="link"
                          aria-label={`Remove ${u.username} from ${group}`}
                          onClick={() => void act(`Removed ${u.username} from ${group}`, () => call('DELETE', `${user(u.username)}/groups/${encodeURIComponent(group)}`))}
                        >
                          ×
                        </button>
                      </li>
                    ))}
                  </ul>
                  <select
                    aria-label={`Add ${u.username} to a group`}
                    value=""
                    onChange={(e) => {
                      const group = e.target.value;
                      if (group) void act(`Added ${u.username} to ${group}`, () => call('POST', `${user(u.username)}/groups`, { group }));
                    }}
                  >
                    <option value="">add to group…</option>
                    {groups
                      .filter((group) => !u.groups.includes(group))
                      .map((group) => (
                        <option key={group} value={group}>
                          {group}
                        </option>
                      ))}
                  </select>
                </td>
                <td>{new Date(u.createdAt).toLocaleString()}</td>
                <td className="actions">
                  {u.status === 'UNCONFIRMED' && (
                    <button type="button" onClick={() => void act(`Confirmed ${u.username}`, () => call('POST', `${user(u.username)}/confirm`))}>
                      Confirm
                    </button>
                  )}
                  {u.enabled ? (
                    <button type="button" onClick={() => void act(`Disabled ${u.username}`, () => call('POST', `${user(u.username)}/disable`))}>
                      Disable
                    </button>
                  ) : (
                    <button type="button" onClick={() => void act(`Enabled ${u.username}`, () => call('POST', `${user(u.username)}/enable`))}>
                      Enable
                    </button>
                  )}
                  <button
                    type="button"
                    onClick={() => {
                      const password = window.prompt(`New permanent password for ${u.username}`);
                      if (password) void act(`Set the password of ${u.username}`, () => call('POST', `${user(u.username)}/password`, { password }));
                    }}
                  >
                    Set password
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (window.confirm(`Delete ${u.username}? This cannot be undone.`)) void act(`Deleted ${u.username}`, () => call('DELETE', user(u.username)));
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="codes-heading">
        <h2 id="codes-heading">Codes the pool has sent</h2>
        {codes.length === 0 ? (
          <p>No outstanding codes.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Purpose</th>
                <th scope="col">Code</th>
                <th scope="col">Sent to</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {codes.map((code) => (
                <tr key={`${code.username}-${code.purpose}-${code.createdAt}`}>
                  <td>{code.username}</td>
                  <td>{code.purpose}</td>
                  <td>
                    <code>{code.code}</code>
                  </td>
                  <td>{code.destination ?? ''}</td>
                  <td>{new Date(code.expiresAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
