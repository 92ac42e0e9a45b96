// The embedded store answered inside this process, without HTTP. The local cloud's resolvers ran
// every DynamoDB call through the AWS SDK's whole client (endpoint rules, SigV4 signing, retries,
// a loopback socket) into dynalite's HTTP server in the same process: about 2 ms of CPU per call,
// against some 0.05 ms for dynalite's own work. This module is dynalite's side of the short path:
// the request body, as the SDK serializes it, goes through what dynalite's HTTP handler does once
// it has authenticated a request (JSON parse, type checks, validations, the action), and the answer
// is the status and JSON body that handler would send. in-process-client.ts is the SDK's side.
//
// Done with dynalite's own modules (imported statically, so that in the bundle they are the bundled
// copies dynalite uses, as linear-expression-parsers.ts does): nothing of its logic is rewritten.
// What the HTTP handler also does is left out because an in-process caller cannot get it wrong
// (method, content type, the Authorization header's form: the SDK always sends them right) or
// because nothing reads it (the CRC32 header). One difference: an internal failure of dynalite (an
// error without an HTTP status) rejects the call here; over HTTP it was thrown in dynalite's
// callback, an uncaught exception of the whole process.
import { randomFillSync } from 'node:crypto';
import dynaliteDb from 'dynalite/db/index.js';
import validations from 'dynalite/validations/index.js';
import getItemAction from 'dynalite/actions/getItem.js';
import getItemValidation from 'dynalite/validations/getItem.js';
import putItemAction from 'dynalite/actions/putItem.js';
import putItemValidation from 'dynalite/validations/putItem.js';
import updateItemAction from 'dynalite/actions/updateItem.js';
import updateItemValidation from 'dynalite/validations/updateItem.js';
import deleteItemAction from 'dynalite/actions/deleteItem.js';
import deleteItemValidation from 'dynalite/validations/deleteItem.js';
import queryAction from 'dynalite/actions/query.js';
import queryValidation from 'dynalite/validations/query.js';
import scanAction from 'dynalite/actions/scan.js';
import scanValidation from 'dynalite/validations/scan.js';
import batchGetItemAction from 'dynalite/actions/batchGetItem.js';
import batchGetItemValidation from 'dynalite/validations/batchGetItem.js';
import batchWriteItemAction from 'dynalite/actions/batchWriteItem.js';
import batchWriteItemValidation from 'dynalite/validations/batchWriteItem.js';
import describeTableAction from 'dynalite/actions/describeTable.js';
import describeTableValidation from 'dynalite/validations/describeTable.js';

/** dynalite's store (db/index.js `create`): tables, items, indexes on LevelDB. Opaque here. */
export type DynaliteStore = { readonly __dynaliteStore: unique symbol };

type DynaliteError = Error & { statusCode?: number; body?: unknown };
type Action = (store: DynaliteStore, data: unknown, cb: (err: DynaliteError | null, out?: unknown) => void) => void;
interface Validation {
  types: Record<string, unknown>;
  custom?: unknown;
}
interface Validations {
  checkTypes(data: unknown, types: Record<string, unknown>): unknown;
  checkValidations(data: unknown, types: Record<string, unknown>, custom: unknown, store: DynaliteStore): void;
}

/**
 * The item operations a resolver's data source sends, and DescribeTable, which a start sends for
 * each table. Operations that change a table (CreateTable, ...) and any other are not answered
 * here: the caller sends them over HTTP as before.
 */
const OPERATIONS: Record<string, { action: Action; validation: Validation }> = {
  GetItem: { action: getItemAction as Action, validation: getItemValidation as Validation },
  PutItem: { action: putItemAction as Action, validation: putItemValidation as Validation },
  UpdateItem: { action: updateItemAction as Action, validation: updateItemValidation as Validation },
  DeleteItem: { action: deleteItemAction as Action, validation: deleteItemValidation as Validation },
  Query: { action: queryAction as Action, validation: queryValidation as Validation },
  Scan: { action: scanAction as Action, validation: scanValidation as Validation },
  BatchGetItem: { action: batchGetItemAction as Action, validation: batchGetItemValidation as Validation },
  BatchWriteItem: { action: batchWriteItemAction as Action, validation: batchWriteItemValidation as Validation },
  DescribeTable: { action: describeTableAction as Action, validation: describeTableValidation as Validation },
};

export class DynalitePatchError extends Error {
  override name = 'DynalitePatchError';
}

/** dynalite's answer to one request: its HTTP status, the JSON body and the request id header. */
export interface StoreAnswer {
  statusCode: number;
  body: string;
  requestId: string;
}

/** The embedded store, called in process. */
export interface InProcessStore {
  /** Whether `operation` (`GetItem`, `Query`, ...) is answered here; others go over HTTP. */
  answers(operation: string): boolean;
  /** dynalite's answer to `operation` with `body` (the JSON text the SDK serializes). Rejects on an internal failure of dynalite. */
  call(operation: string, body: string): Promise<StoreAnswer>;
}

/**
 * Runs `start` (which calls `dynalite(...)`) and returns its result with the store dynalite created
 * for it. dynalite keeps its store inside its server's request handler; it is taken here as
 * dynalite makes it, through its db module's `create`, which is put back right after.
 */
export function withDynaliteStore<T>(start: () => T): { started: T; store: DynaliteStore } {
  const db = dynaliteDb as { create?: (options: unknown) => DynaliteStore };
  const create = db.create;
  if (typeof create !== 'function') throw new DynalitePatchError("dynalite's db module has no create(); update src/local/dynamodb/in-process.ts");
  let store: DynaliteStore | undefined;
  db.create = (options) => (store = create(options));
  let started: T;
  try {
    started = start();
  } finally {
    db.create = create;
  }
  if (!store) throw new DynalitePatchError('dynalite made no store through its db module; update src/local/dynamodb/in-process.ts');
  return { started, store };
}

export function inProcessStore(store: DynaliteStore): InProcessStore {
  const { checkTypes, checkValidations } = validations as Validations;
  return {
    answers: (operation) => Object.hasOwn(OPERATIONS, operation),
    call(operation, body) {
      const known = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
      if (!known) return Promise.reject(new DynalitePatchError(`${operation} is not answered in process`));
      const requestId = rand52CharId();
      const answer = (statusCode: number, payload: unknown): StoreAnswer => ({ statusCode, body: JSON.stringify(payload), requestId });
      // In the order of dynalite's HTTP handler: the JSON first, then the types and validations.
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch {
        return Promise.resolve(answer(400, { __type: 'com.amazon.coral.service#SerializationException' }));
      }
      const { action, validation } = known;
      try {
        data = checkTypes(data, validation.types);
        checkValidations(data, validation.types, validation.custom, store);
      } catch (error) {
        const failure = error as DynaliteError;
        if (failure.statusCode) return Promise.resolve(answer(failure.statusCode, failure.body));
        return Promise.reject(failure);
      }
      return new Promise((resolve, reject) => {
        action(store, data, (err, out) => {
          if (err && err.statusCode) resolve(answer(err.statusCode, err.body));
          else if (err) reject(err);
          else resolve(answer(200, out));
        });
      });
    },
  };
}

// Random bytes drawn in blocks: one call to the system's generator per 64 request ids, not one each.
const ID_BYTES = 39;
const idPool = Buffer.alloc(ID_BYTES * 64);
let idOffset = idPool.length;

/** A request id of dynalite's form (39 random bytes as upper-case base64, + and / as 0), as its handler makes it. */
function rand52CharId(): string {
  if (idOffset === idPool.length) {
    randomFillSync(idPool);
    idOffset = 0;
  }
  const bytes = idPool.subarray(idOffset, (idOffset += ID_BYTES));
  return bytes.toString('base64').toUpperCase().replace(/\+|\//g, '0');
}
