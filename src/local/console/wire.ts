// The console API's answers as JSON, shared by the server (src/local/console) and the console's page
// (src/console), so that a change to one side is a type error on the other. Types only, from
// modules without imports: the page's own type-check (src/console/tsconfig.json) has no Node types.

export type RequestOutcome = 'ok' | 'Unauthorized' | 'validation error' | 'error' | '401' | `${number} ${string}`;

/** One answered GraphQL request (GET requests). */
export interface RequestLogEntry {
  /** Increasing from 1; the console asks for entries after the last id it has. */
  id: number;
  requestId: string;
  at: number;
  durationMs: number;
  status: number;
  caller: { username: string; sub: string; groups: string[] } | null;
  operationName: string | null;
  kind: 'query' | 'mutation' | 'subscription' | null;
  outcome: RequestOutcome;
  /** Paths refused with `Unauthorized` (e.g. `getRide`, `getRide.dispatcherNote`). */
  unauthorizedPaths: string[];
  /** The messages of the errors answered, first few only. */
  messages: string[];
  /** Resolver templates that ran, in order (paths in the compiled build). */
  templates: string[];
}

/** Why a path was refused (POST explain). */
export interface RefusalExplanation {
  /** The path AppSync reported, dotted. */
  path: string;
  /** The type and field the message names. */
  type: string;
  field: string;
  /** The model whose rules decide (the returned model for a root field). */
  model: string | null;
  modelRules: string | null;
  fieldRules: string | null;
}

/** A model's table (GET tables). */
export interface TableSummary {
  model: string;
  table: string;
  itemCount: number;
  keys: string[];
}

/** A page of a table's items (GET tables/<model>/items). */
export interface ItemPage {
  items: Array<Record<string, unknown>>;
  /** Pass back as `cursor` for the next page; null on the last one. */
  cursor: string | null;
}

/** A user of the local pool (GET users). */
export type { PoolUserSummary as PoolUser } from '../cognito/pool-user-summary.js';

/** Who the explorer acts as, read from the id token's claims. */
export interface Identity {
  username: string;
  sub: string;
  groups: string[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Tokens of a pool user (POST act-as). */
export interface ActAs {
  idToken: string;
  accessToken: string;
  identity: Identity;
}

/** The endpoints and the pool's groups (GET info). */
export interface ConsoleInfo {
  graphql: string;
  realtime: string;
  userPoolId: string;
  groups: string[];
}
