// Riders' profiles, for Admins: read every profile, correct a name or phone.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { allItems, listRiderProfiles, updateRiderProfile, type RiderProfile } from '../../client/index.js';
import { ProblemNotice } from '../components/ProblemNotice.js';
import { describeError, type Problem } from '../describe-error.js';
import { useSession } from '../session.js';

export function RidersPage() {
  const { client } = useSession();
  const [riders, setRiders] = useState<RiderProfile[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    setProblem(null);
    try {
      const all = await allItems((nextToken) => listRiderProfiles(client, { nextToken }));
      setRiders(all.sort((a, b) => a.name.localeCompare(b.name)));
    } catch (error) {
      setProblem(describeError(error, 'loading the riders'));
    }
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="riders-heading">
      <h1 id="riders-heading">Riders</h1>
      <ProblemNotice problem={problem} onRetry={load} />
      {riders === null && !problem && <p role="status">Loading the riders…</p>}
      {riders?.length === 0 && <p>No rider has a profile yet.</p>}
      <ul className="rides" aria-label="Rider profiles">
        {riders?.map((r) => (
          <RiderRow key={r.id} rider={r} onSaved={(saved) => setRiders((now) => (now ?? []).map((x) => (x.id === saved.id ? saved : x)))} />
        ))}
      </ul>
    </section>
  );
}

function RiderRow({ rider, onSaved }: { rider: RiderProfile; onSaved(r: RiderProfile): void }) {
  const { client } = useSession();
  const [name, setName] = useState(rider.name);
  const [phone, setPhone] = useState(rider.phone ?? '');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const headingId = `rider-${rider.id}`;

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setProblem(null);
    setSaved(false);
    try {
      onSaved(await updateRiderProfile(client, { id: rider.id, name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) }));
      setSaved(true);
    } catch (error) {
      setProblem(describeError(error, `saving ${rider.name}'s profile`));
    }
  };

  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {rider.name} <span className="muted">({rider.owner ?? 'unknown account'})</span>
      </h3>
      <ProblemNotice problem={problem} onRetry={() => void save()} onDismiss={() => setProblem(null)} />
      <form className="assign" onSubmit={save}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Phone
          <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
        <button type="submit">Save</button>
        {saved && <span role="status">Saved.</span>}
      </form>
    </li>
  );
}
