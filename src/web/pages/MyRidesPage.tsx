// The rider's rides, newest first, a page at a time (the "my rides" index is sorted by request time).
import { useCallback, useEffect, useState } from 'react';
import { myRides, type Ride } from '../../client/index.js';
import { ProblemNotice } from '../components/ProblemNotice.js';
import { describePoint } from '../city.js';
import { describeError, type Problem } from '../describe-error.js';
import { useSession } from '../session.js';

export const RIDES_PER_PAGE = 5;

export function MyRidesPage() {
  const { client } = useSession();
  // tokens[i] is the nextToken that reads page i (null for the first).
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const [rides, setRides] = useState<Ride[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(async () => {
    setProblem(null);
    try {
      const page = await myRides(client, { limit: RIDES_PER_PAGE, nextToken: tokens[pageIndex] ?? null });
      setRides(page.items);
      setNext(page.nextToken);
    } catch (error) {
      setProblem(describeError(error, 'loading your rides'));
    }
  }, [client, tokens, pageIndex]);

  useEffect(() => {
    void load();
  }, [load]);

  const goNext = () => {
    if (!next) return;
    setTokens((t) => [...t.slice(0, pageIndex + 1), next]);
    setPageIndex((i) => i + 1);
  };

  return (
    <section aria-labelledby="rides-heading">
      <h1 id="rides-heading">My rides</h1>
      <ProblemNotice problem={problem} onRetry={load} />
      {rides === null && !problem && <p role="status">Loading your rides…</p>}
      {rides?.length === 0 && pageIndex === 0 && <p>You have not requested any rides yet.</p>}
      {rides && rides.length > 0 && (
        <table>
          <caption>Page {pageIndex + 1}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Requested</th>
              <th scope="col">Pickup</th>
              <th scope="col">Status</th>
              <th scope="col">Unicorn</th>
              <th scope="col">Fare</th>
            </tr>
          </thead>
          <tbody>
            {rides.map((ride) => (
              <tr key={ride.id}>
                <td>{new Date(ride.requestedAt).toLocaleString()}</td>
                <td>{describePoint(ride.pickup)}</td>
                <td>{ride.status}</td>
                <td>{ride.unicorn?.name ?? '—'}</td>
                <td>{ride.fare != null ? `$${ride.fare.toFixed(2)}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages of my rides">
        <button type="button" onClick={() => setPageIndex((i) => i - 1)} disabled={pageIndex === 0}>
          Previous page
        </button>
        <button type="button" onClick={goNext} disabled={!next}>
          Next page
        </button>
      </nav>
    </section>
  );
}
