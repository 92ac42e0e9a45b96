import { useSession } from '../session.js';
import type { Problem } from '../describe-error.js';

/** A failure as a sentence, with the way forward it calls for. */
export function ProblemNotice({ problem, onRetry, onDismiss }: { problem: Problem | null; onRetry?: () => void; onDismiss?: () => void }) {
  const { signInAgain } = useSession();
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <p>{problem.sentence}</p>
      <div className="actions">
        {problem.remedy === 'sign-in' && (
          <button type="button" onClick={signInAgain}>
            Sign in again
          </button>
        )}
        {problem.remedy === 'retry' && onRetry && (
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        )}
        {onDismiss && (
          <button type="button" className="secondary" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
