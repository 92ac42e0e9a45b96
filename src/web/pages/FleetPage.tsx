// The fleet, for Admins: add, rename, recolour and remove unicorns.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { allItems, createUnicorn, deleteUnicorn, listUnicorns, updateUnicorn, type Unicorn } from '../../client/index.js';
import { ProblemNotice } from '../components/ProblemNotice.js';
import { describeError, type Problem } from '../describe-error.js';
import { useDraft } from '../draft.js';
import { useSession } from '../session.js';

export function FleetPage() {
  const { client } = useSession();
  const [fleet, setFleet] = useState<Unicorn[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [draft, setDraft, clearDraft] = useDraft('new-unicorn', { name: '', color: '#ffffff' });
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    setProblem(null);
    try {
      setFleet(sorted(await allItems((nextToken) => listUnicorns(client, { nextToken }))));
    } catch (error) {
      setProblem(describeError(error, 'loading the fleet'));
    }
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);

  const add = async (event?: FormEvent) => {
    event?.preventDefault();
    setProblem(null);
    try {
      const unicorn = await createUnicorn(client, { name: draft.name.trim(), color: draft.color, available: true });
      setFleet((now) => sorted([...(now ?? []), unicorn]));
      clearDraft();
      setNotice(`${unicorn.name} joined the fleet.`);
    } catch (error) {
      setProblem(describeError(error, 'adding the unicorn'));
    }
  };

  const replace = (unicorn: Unicorn) => setFleet((now) => sorted((now ?? []).map((u) => (u.id === unicorn.id ? unicorn : u))));
  const remove = (unicorn: Unicorn) => {
    setFleet((now) => (now ?? []).filter((u) => u.id !== unicorn.id));
    setNotice(`${unicorn.name} left the fleet.`);
  };

  return (
    <section aria-labelledby="fleet-page-heading">
      <h1 id="fleet-page-heading">Fleet</h1>
      <ProblemNotice problem={problem} onRetry={fleet === null ? load : () => void add()} onDismiss={() => setProblem(null)} />
      {notice && <p role="status">{notice}</p>}
      <form className="card form inline" onSubmit={add} aria-labelledby="add-heading">
        <h2 id="add-heading">Add a unicorn</h2>
        <label>
          Name
          <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
        </label>
        <label>
          Colour
          <input type="color" value={draft.color} onChange={(e) => setDraft({ ...draft, color: e.target.value })} />
        </label>
        <button type="submit" className="primary">
          Add unicorn
        </button>
      </form>
      {fleet === null && !problem && <p role="status">Loading the fleet…</p>}
      <ul className="rides" aria-label="Unicorns">
        {fleet?.map((u) => (
          <UnicornRow key={u.id} unicorn={u} onChanged={replace} onRemoved={remove} />
        ))}
      </ul>
    </section>
  );
}

function UnicornRow({ unicorn, onChanged, onRemoved }: { unicorn: Unicorn; onChanged(u: Unicorn): void; onRemoved(u: Unicorn): void }) {
  const { client } = useSession();
  const [name, setName] = useState(unicorn.name);
  const [color, setColor] = useState(toHexColour(unicorn.color));
  const [problem, setProblem] = useState<Problem | null>(null);
  const headingId = `unicorn-${unicorn.id}`;

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setProblem(null);
    try {
      onChanged(await updateUnicorn(client, { id: unicorn.id, name: name.trim(), color }));
    } catch (error) {
      setProblem(describeError(error, `saving ${unicorn.name}`));
    }
  };
  const remove = async () => {
    if (!confirm(`Remove ${unicorn.name} from the fleet?`)) return;
    setProblem(null);
    try {
      await deleteUnicorn(client, unicorn.id);
      onRemoved(unicorn);
    } catch (error) {
      setProblem(describeError(error, `removing ${unicorn.name}`));
    }
  };

  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span className="swatch" style={{ background: unicorn.color }} aria-hidden="true" /> {unicorn.name}
        <span className="muted"> · {unicorn.available ? 'available' : 'busy'}</span>
      </h3>
      <ProblemNotice problem={problem} onRetry={() => void save()} onDismiss={() => setProblem(null)} />
      <form className="assign" onSubmit={save}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Colour
          <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        </label>
        <button type="submit">Save</button>
        <button type="button" className="danger" onClick={remove}>
          Remove
        </button>
      </form>
    </li>
  );
}

const sorted = (unicorns: Unicorn[]) => [...unicorns].sort((a, b) => a.name.localeCompare(b.name));

/** The colour input takes #rrggbb only; seeded unicorns may have colour names. */
function toHexColour(color: string): string {
  if (/^#[0-9a-f]{6}$/i.test(color)) return color.toLowerCase();
  const probe = document.createElement('canvas').getContext('2d');
  if (!probe) return '#ffffff';
  probe.fillStyle = color;
  return /^#[0-9a-f]{6}$/i.test(probe.fillStyle) ? probe.fillStyle : '#ffffff';
}
