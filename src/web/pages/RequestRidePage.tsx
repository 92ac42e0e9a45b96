// The rider's page: choose a pickup point on the map, request the ride, watch it go from REQUESTED to
// DISPATCHED (with the unicorn's name) as it happens, cancel it.
import { useEffect, useRef, useState } from 'react';
import { allItems, cancelRide, getRide, listUnicorns, myRides, onRideUpdated, requestRide, type RideDetails } from '../../client/index.js';
import { CityMap } from '../components/CityMap.js';
import { ProblemNotice } from '../components/ProblemNotice.js';
import { describePoint, type LatLng } from '../city.js';
import { describeError, type Problem } from '../describe-error.js';
import { useDraft } from '../draft.js';
import { LiveLabel, useLive } from '../live.js';
import { useSession } from '../session.js';

interface CurrentRide {
  ride: RideDetails;
  unicornName: string | null;
}

export function RequestRidePage() {
  const { client } = useSession();
  const [pickup, setPickup, clearPickup] = useDraft<LatLng | null>('pickup', null);
  const [current, setCurrent] = useState<CurrentRide | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');

  // The rider's ride in progress, if any, after a reload.
  useEffect(() => {
    let stop = false;
    myRides(client, { limit: 1 })
      .then(({ items }) => {
        const ride = items[0];
        if (!stop && ride && (ride.status === 'REQUESTED' || ride.status === 'DISPATCHED')) setCurrent({ ride, unicornName: ride.unicorn?.name ?? null });
      })
      .catch((error) => !stop && setProblem(describeError(error, 'loading your current ride')));
    return () => {
      stop = true;
    };
  }, [client]);

  // The fleet's names, read once: a dispatch event carries only the unicorn's id (mutation results
  // have no unicorn), and naming it from here shows the news without another round trip.
  const names = useRef(new Map<string, string>());
  useEffect(() => {
    allItems((nextToken) => listUnicorns(client, { nextToken }))
      .then((fleet) => fleet.forEach((u) => names.current.set(u.id, u.name)))
      .catch(() => {
        // Only a shortcut: without it, the ride is read again to name its unicorn.
      });
  }, [client]);

  // Riders receive updates of their own rides only; the page keeps those of the ride on screen.
  const live = useLive(
    () => onRideUpdated(client),
    (update) => {
      const known = update.unicornId ? names.current.get(update.unicornId) : undefined;
      setCurrent((now) => (now && now.ride.id === update.id ? { ride: update, unicornName: known ?? now.unicornName } : now));
      // A unicorn that joined the fleet after the page opened: read the ride to name it.
      if (update.status === 'DISPATCHED' && !known) {
        getRide(client, update.id)
          .then((ride) => setCurrent((now) => (now && now.ride.id === update.id ? { ride: now.ride, unicornName: ride?.unicorn?.name ?? null } : now)))
          .catch((error) => setProblem(describeError(error, "reading your unicorn's name")));
      }
    },
    'ride updates',
  );

  const request = async () => {
    if (!pickup) return;
    setBusy(true);
    setProblem(null);
    setNotice('');
    try {
      const ride = await requestRide(client, { pickup });
      setCurrent({ ride, unicornName: null });
      clearPickup();
    } catch (error) {
      setProblem(describeError(error, 'requesting your ride'));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!current) return;
    setBusy(true);
    setProblem(null);
    try {
      await cancelRide(client, current.ride.id);
      setCurrent(null);
      setNotice('Your ride was cancelled.');
    } catch (error) {
      setProblem(describeError(error, 'cancelling your ride'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="request-heading">
      <h1 id="request-heading">Request a ride</h1>
      <LiveLabel state={live.state} what="ride updates" />
      <ProblemNotice problem={live.problem} onRetry={live.retry} />
      <ProblemNotice problem={problem} onRetry={current ? cancel : request} onDismiss={() => setProblem(null)} />
      {notice && <p role="status">{notice}</p>}
      {current ? (
        <div className="card ride-card">
          <h2>Your ride</h2>
          <p>Pickup {describePoint(current.ride.pickup)}</p>
          <p className="ride-status" role="status" aria-live="polite">
            {statusSentence(current)}
          </p>
          {current.ride.fare != null && <p>Fare: ${current.ride.fare.toFixed(2)}</p>}
          {(current.ride.status === 'REQUESTED' || current.ride.status === 'DISPATCHED') && (
            <button type="button" className="danger" onClick={cancel} disabled={busy}>
              Cancel ride
            </button>
          )}
          {(current.ride.status === 'COMPLETED' || current.ride.status === 'CANCELLED') && (
            <button type="button" onClick={() => setCurrent(null)}>
              Request another ride
            </button>
          )}
        </div>
      ) : (
        <>
          <p>Click the map where the unicorn should pick you up, then request the ride.</p>
          <CityMap pickup={pickup} onPick={setPickup} disabled={busy} />
          <button type="button" className="primary" onClick={request} disabled={!pickup || busy}>
            {busy ? 'Requesting…' : 'Request ride'}
          </button>
        </>
      )}
    </section>
  );
}

function statusSentence({ ride, unicornName }: CurrentRide): string {
  switch (ride.status) {
    case 'REQUESTED':
      return 'Status: REQUESTED. Waiting for a dispatcher to send a unicorn.';
    case 'DISPATCHED':
      return `Status: DISPATCHED. ${unicornName ?? 'Your unicorn'} is on the way.`;
    case 'COMPLETED':
      return 'Status: COMPLETED. Thanks for riding with Wild Rydes.';
    case 'CANCELLED':
      return 'Status: CANCELLED.';
    default:
      return `Status: ${ride.status}.`;
  }
}
