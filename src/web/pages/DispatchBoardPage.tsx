// The dispatcher's board: rides waiting for a unicorn (new requests join live), the rides on their
// way (to mark completed), and the fleet's availability.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  allItems,
  dispatchRide,
  listUnicorns,
  onRideCancelled,
  onRideUpdated,
  ridesForDispatch,
  setRideStatus,
  setUnicornAvailability,
  type DispatchedRide,
  type RideDetails,
  type Unicorn,
} from '../../client/index.js';
import { ProblemNotice } from '../components/ProblemNotice.js';
import { newRequests, waitingRides } from '../board-source.js';
import { describePoint } from '../city.js';
import { describeError, type Problem } from '../describe-error.js';
import { useDraft } from '../draft.js';
import { LiveLabel, useLive } from '../live.js';
import { useSession } from '../session.js';

type BoardRide = RideDetails & { dispatcherNote?: string | null };

export function DispatchBoardPage() {
  const { client } = useSession();
  const [waiting, setWaiting] = useState<BoardRide[] | null>(null);
  const [onTheWay, setOnTheWay] = useState<DispatchedRide[]>([]);
  const [fleet, setFleet] = useState<Unicorn[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    setProblem(null);
    try {
      const [requested, dispatched, unicorns] = await Promise.all([
        waitingRides(client),
        allItems((nextToken) => ridesForDispatch(client, { status: 'DISPATCHED', nextToken })),
        allItems((nextToken) => listUnicorns(client, { nextToken })),
      ]);
      // A request that arrived live while the list loaded stays.
      setWaiting((now) => byNewest(mergeById(requested, now ?? [])));
      setOnTheWay(byNewest(dispatched));
      setFleet(byName(unicorns));
    } catch (error) {
      setProblem(describeError(error, 'loading the board'));
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  const requests = useLive(
    () => newRequests(client),
    (ride) => setWaiting((now) => byNewest(mergeById([ride], now ?? []))),
    'ride requests',
  );
  // A ride leaves the waiting list when someone (here or on another board) dispatches or cancels it.
  useLive(
    () => onRideUpdated(client),
    (ride) => {
      if (ride.status !== 'REQUESTED') setWaiting((now) => now?.filter((r) => r.id !== ride.id) ?? now);
    },
    'ride changes',
  );
  useLive(
    () => onRideCancelled(client),
    (ride) => {
      setWaiting((now) => now?.filter((r) => r.id !== ride.id) ?? now);
      setOnTheWay((now) => now.filter((r) => r.id !== ride.id));
    },
    'cancellations',
  );

  const assigned = (ride: BoardRide, unicorn: Unicorn, fare: number | undefined, note: string) => {
    setWaiting((now) => now?.filter((r) => r.id !== ride.id) ?? now);
    setOnTheWay((now) => byNewest([{ ...ride, status: 'DISPATCHED', unicornId: unicorn.id, unicorn, fare: fare ?? null, dispatcherNote: note || null } as DispatchedRide, ...now]));
    setFleet((now) => now.map((u) => (u.id === unicorn.id ? { ...u, available: false } : u)));
  };

  const complete = async (ride: DispatchedRide) => {
    setProblem(null);
    try {
      await setRideStatus(client, { rideId: ride.id, status: 'COMPLETED' });
      setOnTheWay((now) => now.filter((r) => r.id !== ride.id));
      if (ride.unicornId) {
        const freed = await setUnicornAvailability(client, { id: ride.unicornId, available: true });
        setFleet((now) => now.map((u) => (u.id === freed.id ? freed : u)));
      }
    } catch (error) {
      setProblem(describeError(error, 'marking the ride completed'));
    }
  };

  const available = fleet.filter((u) => u.available);
  return (
    <section aria-labelledby="board-heading">
      <h1 id="board-heading">Dispatch board</h1>
      <LiveLabel state={requests.state} what="ride requests" />
      <ProblemNotice problem={requests.problem} onRetry={requests.retry} />
      <ProblemNotice problem={problem} onRetry={load} onDismiss={() => setProblem(null)} />
      <div className="board">
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Waiting for a unicorn ({waiting?.length ?? 0})</h2>
          {waiting === null && <p role="status">Loading rides…</p>}
          {waiting?.length === 0 && <p>No ride is waiting.</p>}
          <ul className="rides" aria-label="Rides waiting for a unicorn">
            {waiting?.map((ride) => (
              <WaitingRide key={ride.id} ride={ride} available={available} onAssigned={assigned} />
            ))}
          </ul>
        </section>
        <section aria-labelledby="onway-heading">
          <h2 id="onway-heading">On the way ({onTheWay.length})</h2>
          {onTheWay.length === 0 && <p>No ride is on its way.</p>}
          <ul className="rides" aria-label="Rides on the way">
            {onTheWay.map((ride) => (
              <li key={ride.id} className="card" aria-label={`Ride of ${ride.owner ?? 'a rider'} on the way`}>
                <p>
                  <strong>{ride.owner}</strong> {describePoint(ride.pickup)}
                </p>
                <p>
                  {ride.unicorn?.name ?? 'A unicorn'} · {ride.fare != null ? `$${ride.fare.toFixed(2)}` : 'no fare'}
                  {ride.dispatcherNote ? ` · ${ride.dispatcherNote}` : ''}
                </p>
                <button type="button" onClick={() => complete(ride)}>
                  Mark completed
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="fleet-heading">
          <h2 id="fleet-heading">Fleet</h2>
          <p>
            {available.length} of {fleet.length} unicorns available.
          </p>
          <ul className="fleet" aria-label="Fleet availability">
            {fleet.map((u) => (
              <li key={u.id}>
                <span className="swatch" style={{ background: u.color }} aria-hidden="true" /> {u.name}: {u.available ? 'available' : 'busy'}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </section>
  );
}

function WaitingRide({ ride, available, onAssigned }: { ride: BoardRide; available: Unicorn[]; onAssigned(ride: BoardRide, unicorn: Unicorn, fare: number | undefined, note: string): void }) {
  const { client } = useSession();
  const [draft, setDraft, clearDraft] = useDraft(`assign:${ride.id}`, { unicornId: '', fare: '', note: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const who = ride.owner ?? 'a rider';
  const headingId = `ride-${ride.id}`;

  const assign = async (event?: FormEvent) => {
    event?.preventDefault();
    const unicorn = available.find((u) => u.id === draft.unicornId);
    if (!unicorn) {
      setProblem({ sentence: 'Choose an available unicorn first.', remedy: 'fix-input' });
      return;
    }
    const fare = draft.fare.trim() === '' ? undefined : Number(draft.fare);
    if (fare !== undefined && (!Number.isFinite(fare) || fare < 0)) {
      setProblem({ sentence: 'The fare must be a positive amount, like 12.50.', remedy: 'fix-input' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await dispatchRide(client, { rideId: ride.id, unicornId: unicorn.id, fare, note: draft.note.trim() || undefined });
      await setUnicornAvailability(client, { id: unicorn.id, available: false });
      clearDraft();
      onAssigned(ride, unicorn, fare, draft.note.trim());
    } catch (error) {
      setProblem(describeError(error, `assigning ${unicorn.name}`));
      setBusy(false);
    }
  };

  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>Ride of {who}</h3>
      <p>
        {describePoint(ride.pickup)} · requested {new Date(ride.requestedAt).toLocaleTimeString()}
      </p>
      <ProblemNotice problem={problem} onRetry={() => void assign()} onDismiss={() => setProblem(null)} />
      <form className="assign" onSubmit={assign}>
        <label>
          Unicorn
          <select value={draft.unicornId} onChange={(e) => setDraft({ ...draft, unicornId: e.target.value })}>
            <option value="">Choose…</option>
            {available.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Fare ($)
          <input inputMode="decimal" value={draft.fare} onChange={(e) => setDraft({ ...draft, fare: e.target.value })} />
        </label>
        <label>
          Note
          <input value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Assign
        </button>
      </form>
    </li>
  );
}

function mergeById<T extends { id: string }>(first: T[], second: T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of [...second, ...first]) seen.set(item.id, item);
  return [...seen.values()];
}

const byNewest = <T extends { requestedAt: string }>(rides: T[]) => [...rides].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
const byName = (unicorns: Unicorn[]) => [...unicorns].sort((a, b) => a.name.localeCompare(b.name));
