// Whether an observation is the outcome a cell of the matrix expects; a mismatch says what differs.
import { isDeepStrictEqual } from 'node:util';
import type { Observation, Operation } from './operations.js';
import type { Outcome } from './matrix.js';
import type { Actor, World } from './world.js';

export class CellMismatch extends Error {
  override name = 'CellMismatch';
}

const show = (observation: Observation) => `HTTP ${observation.response.status} ${JSON.stringify(observation.response.body)}`;

function fail(message: string, observation: Observation): never {
  throw new CellMismatch(`${message}\n  got: ${show(observation)}`);
}

function expectUnchanged(operation: Operation, observation: Observation) {
  if (operation.writes && !isDeepStrictEqual(observation.before, observation.after)) {
    fail(`the stored record changed:\n  before: ${JSON.stringify(observation.before)}\n  after:  ${JSON.stringify(observation.after)}`, observation);
  }
}

export function checkCell(expected: Outcome, operation: Operation, observation: Observation, world: World, actor: Actor): void {
  const { status, body } = observation.response;
  const errors = body.errors ?? [];
  const value = body.data?.[observation.field];
  switch (expected) {
    case '401':
      if (status !== 401 || errors[0]?.errorType !== 'UnauthorizedException') fail('expected HTTP 401 UnauthorizedException', observation);
      return expectUnchanged(operation, observation);
    case 'no':
      if (status !== 200) fail('expected HTTP 200 with an Unauthorized error', observation);
      if (value !== null && value !== undefined) fail(`expected data.${observation.field} to be null`, observation);
      if (!errors.some((e) => e.errorType === 'Unauthorized')) fail('expected an error with errorType Unauthorized', observation);
      return expectUnchanged(operation, observation);
    case 'hidden':
      if (status !== 200 || errors.length > 0) fail('expected an answer without errors', observation);
      if (observation.listed !== false) fail('expected the record not to be listed', observation);
      return;
    case 'redacted': {
      const field = operation.deniedField!;
      if (status !== 200 || !value) fail(`expected data.${observation.field} with ${field} redacted`, observation);
      if (value[field] !== null) fail(`expected ${field} to be null`, observation);
      const atField = errors.find((e) => e.errorType === 'Unauthorized' && e.path?.join('.') === `${observation.field}.${field}`);
      if (!atField) fail(`expected an Unauthorized error at path ${observation.field}.${field}`, observation);
      if (errors.length !== 1) fail('expected no other error', observation);
      return;
    }
    case 'yes':
      if (status !== 200 || errors.length > 0) fail('expected an answer without errors', observation);
      if (observation.listed === false) fail('expected the record to be listed', observation);
      if (observation.listed === undefined && !value) fail(`expected data.${observation.field}`, observation);
      operation.effect?.(observation, world, actor);
      return;
  }
}
