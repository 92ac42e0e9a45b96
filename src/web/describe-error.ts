// Every failure the person sees is a sentence about what happened and what to do, chosen by the
// SDK's error kind; the SDK's own message (written for developers) stays in the console.
import { WildRydesError } from '../client/index.js';

export type Remedy = 'sign-in' | 'retry' | 'fix-input' | 'none';

export interface Problem {
  sentence: string;
  remedy: Remedy;
}

export function describeError(error: unknown, doing: string): Problem {
  console.warn(`${doing} failed:`, error);
  if (error instanceof WildRydesError) {
    switch (error.kind) {
      case 'NotSignedIn':
        return { sentence: `Your session has expired, so ${doing} did not happen. Sign in again: what you typed is kept.`, remedy: 'sign-in' };
      case 'NotAuthorized':
        return { sentence: `You are not allowed to do this (${doing}). Nothing was changed.`, remedy: 'none' };
      case 'Validation':
        return { sentence: `Something you entered was not accepted (${doing}): ${firstServerMessage(error)}. Correct it and try again.`, remedy: 'fix-input' };
      case 'Conflict':
        return { sentence: `This changed in the meantime (${doing}): it no longer exists or was already updated. Reload the list and try again.`, remedy: 'retry' };
      case 'Network':
        return { sentence: `The connection to Wild Rydes was lost, so ${doing} did not happen. Check your connection and retry: what you typed is kept.`, remedy: 'retry' };
      default:
        return { sentence: `Wild Rydes could not complete this (${doing}). Try again in a moment.`, remedy: 'retry' };
    }
  }
  if (error instanceof TypeError) {
    return { sentence: `The connection to Wild Rydes was lost, so ${doing} did not happen. Check your connection and retry.`, remedy: 'retry' };
  }
  return { sentence: `Something went wrong (${doing}). Try again in a moment.`, remedy: 'retry' };
}

function firstServerMessage(error: WildRydesError): string {
  const message = error.errors[0]?.message ?? error.message;
  return message.replace(/\.$/, '');
}
