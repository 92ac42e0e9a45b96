// Input checks shared by the action modules. Wrong JSON types are a
// SerializationException (what AWS answers when a body does not match the
// operation's shape); missing or out-of-range values are an
// InvalidParameterException in Cognito's "validation error detected" form.
import { errors } from './errors.js';

export type Input = Record<string, unknown>;

export interface AttributeType {
  Name: string;
  Value: string;
}

export function asInput(body: unknown): Input {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.serialization('The request body must be a JSON object');
  }
  return body as Input;
}

interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

function violation(field: string, constraint: string): Error {
  return errors.invalidParameter(`1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`);
}

function checkString(value: string, field: string, rule: StringRule): string {
  const min = rule.min ?? 1;
  if (value.length < min) throw violation(field, `Member must have length greater than or equal to ${min}`);
  if (rule.max !== undefined && value.length > rule.max) {
    throw violation(field, `Member must have length less than or equal to ${rule.max}`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw violation(field, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  }
  return value;
}

export function requiredString(input: Input, field: string, rule: StringRule = {}): string {
  const value = input[field];
  if (value === undefined || value === null) throw violation(field, 'Member must not be null');
  if (typeof value !== 'string') throw errors.serialization(`'${field}' must be a string, got ${describe(value)}`);
  return checkString(value, field, rule);
}

export function optionalString(input: Input, field: string, rule: StringRule = {}): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw errors.serialization(`'${field}' must be a string, got ${describe(value)}`);
  return checkString(value, field, rule);
}

export function optionalBoolean(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw errors.serialization(`'${field}' must be a boolean, got ${describe(value)}`);
  return value;
}

export function optionalInteger(input: Input, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw errors.serialization(`'${field}' must be an integer, got ${describe(value)}`);
  }
  if (value < min) throw violation(field, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw violation(field, `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalEnum<T extends string>(input: Input, field: string, values: readonly T[]): T | undefined {
  const value = optionalString(input, field);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw violation(field, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value as T;
}

export function optionalStringMap(input: Input, field: string): Record<string, string> | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw errors.serialization(`'${field}' must be an object of strings, got ${describe(value)}`);
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw errors.serialization(`'${field}.${k}' must be a string, got ${describe(v)}`);
  }
  return value as Record<string, string>;
}

/** An entry of a string map (AuthParameters, ChallengeResponses) that the flow needs. */
export function requiredEntry(map: Record<string, string>, name: string): string {
  const value = map[name];
  if (!value) throw errors.invalidParameter(`Missing required parameter ${name}`);
  return value;
}

export function optionalStringList(input: Input, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw errors.serialization(`'${field}' must be a list of strings`);
  }
  return value as string[];
}

export function attributeList(input: Input, field: string, required: boolean): AttributeType[] {
  const value = input[field];
  if (value === undefined || value === null) {
    if (required) throw violation(field, 'Member must not be null');
    return [];
  }
  if (!Array.isArray(value)) throw errors.serialization(`'${field}' must be a list of {Name, Value}, got ${describe(value)}`);
  return value.map((item, i) => {
    const entry = asInputAt(item, `${field}[${i}]`);
    const Name = requiredString(entry, 'Name', { max: 32 });
    const v = entry.Value;
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw errors.serialization(`'${field}[${i}].Value' must be a string, got ${describe(v)}`);
    }
    // Cognito's AttributeType.Value: at most 2048 characters.
    if (typeof v === 'string' && v.length > 2048) throw violation(`${field}.${i + 1}.member.Value`, 'Member must have length less than or equal to 2048');
    return { Name, Value: typeof v === 'string' ? v : '' };
  });
}

function asInputAt(value: unknown, where: string): Input {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.serialization(`'${where}' must be an object`);
  }
  return value as Input;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}

// Cognito's documented constraints for the common members.
export const USERNAME_RULE: StringRule = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };
export const PASSWORD_RULE: StringRule = { max: 256 };
export const CODE_RULE: StringRule = { max: 2048, pattern: /^[\S]+$/ };
export const CLIENT_ID_RULE: StringRule = { max: 128, pattern: /^[\w+]+$/ };
export const POOL_ID_RULE: StringRule = { max: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/ };
export const TOKEN_RULE: StringRule = { pattern: /^[A-Za-z0-9\-_=.]+$/ };
export const GROUP_NAME_RULE: StringRule = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };
