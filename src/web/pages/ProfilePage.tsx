// The rider's own profile: name and phone. Created on the first save.
import { useEffect, useState, type FormEvent } from 'react';
import { createMyProfile, getMyProfile, updateMyProfile, type RiderProfile } from '../../client/index.js';
import { ProblemNotice } from '../components/ProblemNotice.js';
import { describeError, type Problem } from '../describe-error.js';
import { useDraft } from '../draft.js';
import { useSession } from '../session.js';

export function ProfilePage() {
  const { client } = useSession();
  const [profile, setProfile] = useState<RiderProfile | null | undefined>(undefined);
  const [draft, setDraft, clearDraft] = useDraft<{ name: string; phone: string } | null>('profile', null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    setProblem(null);
    try {
      setProfile(await getMyProfile(client));
    } catch (error) {
      setProblem(describeError(error, 'loading your profile'));
    }
  };
  useEffect(() => {
    void load();
  }, [client]);

  const fields = draft ?? { name: profile?.name ?? '', phone: profile?.phone ?? '' };
  const edit = (change: Partial<typeof fields>) => {
    setSaved('');
    setDraft({ ...fields, ...change });
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setProblem(null);
    const input = { name: fields.name.trim(), ...(fields.phone.trim() ? { phone: fields.phone.trim() } : {}) };
    try {
      setProfile(profile ? await updateMyProfile(client, input) : await createMyProfile(client, input));
      clearDraft();
      setSaved('Your profile was saved.');
    } catch (error) {
      setProblem(describeError(error, 'saving your profile'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="profile-heading">
      <h1 id="profile-heading">My profile</h1>
      <ProblemNotice problem={problem} onRetry={profile === undefined ? load : () => void save()} />
      {profile === undefined && !problem ? (
        <p role="status">Loading your profile…</p>
      ) : (
        <form className="card form" onSubmit={save}>
          <label>
            Name
            <input value={fields.name} onChange={(e) => edit({ name: e.target.value })} required autoComplete="name" />
          </label>
          <label>
            Phone
            <input
              value={fields.phone}
              onChange={(e) => edit({ phone: e.target.value })}
              type="tel"
              autoComplete="tel"
              placeholder="+12065550123"
              aria-describedby="phone-hint"
            />
          </label>
          <p id="phone-hint" className="hint">
            International format with the country code, e.g. +12065550123.
          </p>
          <button type="submit" className="primary" disabled={busy}>
            Save profile
          </button>
          {saved && <p role="status">{saved}</p>}
        </form>
      )}
    </section>
  );
}
