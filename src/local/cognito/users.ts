// Looking users up, and the attribute rules SignUp, AdminCreateUser and
// UpdateUserAttributes share.
import { randomUUID } from 'node:crypto';
import type { Context } from './context.js';
import { errors } from './errors.js';
import type { UserRecord } from './store.js';
import type { AttributeType } from './validate.js';

/** The key a user is stored under: the username, folded when the pool is case-insensitive. */
export function userKey(ctx: Context, username: string): string {
  return ctx.config.usernameCaseSensitive ? username : username.toLowerCase();
}

export function findUser(ctx: Context, username: string): UserRecord | undefined {
  return ctx.state.users[userKey(ctx, username)];
}

export function requireUser(ctx: Context, username: string): UserRecord {
  const user = findUser(ctx, username);
  if (!user) throw errors.userNotFound();
  return user;
}

export function newUser(ctx: Context, username: string, status: UserRecord['status']): UserRecord {
  const now = ctx.now();
  return {
    username,
    sub: randomUUID(),
    attributes: {},
    status,
    enabled: true,
    createdAt: now,
    updatedAt: now,
    groups: [],
    failedSignIns: 0,
  };
}

const STANDARD_ATTRIBUTES = new Set([
  'address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'locale',
  'middle_name', 'name', 'nickname', 'phone_number', 'phone_number_verified', 'picture',
  'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
]);

export interface AttributeWriteRules {
  /** Only admins may mark an address verified directly. */
  allowVerifiedFlags: boolean;
}

/** Checks names and values the way Cognito reports them, then returns them as a map. */
export function checkAttributes(list: AttributeType[], rules: AttributeWriteRules): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { Name, Value } of list) {
    if (Name === 'sub') throw schemaError(`${Name}: Attribute cannot be written`);
    if (!STANDARD_ATTRIBUTES.has(Name) && !/^custom:[\w.-]{1,20}$/.test(Name)) {
      throw schemaError(`Type for attribute {${Name}} could not be determined`);
    }
    if (Name.endsWith('_verified')) {
      if (!rules.allowVerifiedFlags) throw schemaError(`${Name}: Attribute cannot be written`);
      if (Value !== 'true' && Value !== 'false') throw errors.invalidParameter(`Invalid value for ${Name}: expected "true" or "false"`);
    }
    if (Name === 'email' && !/^[^@\s]+@[^@\s]+$/.test(Value)) throw errors.invalidParameter('Invalid email address format.');
    if (Name === 'phone_number' && !/^\+[0-9]{4,15}$/.test(Value)) {
      throw errors.invalidParameter('Invalid phone number format. Use E.164, e.g. +14325551212.');
    }
    if (Value.length > 2048) throw schemaError(`${Name}: String must be no longer than 2048 characters`);
    result[Name] = Value;
  }
  return result;
}

/**
 * Writes attribute changes; a new email or phone number is unproven until
 * verified again, so its *_verified flag drops to "false". Returns the changed
 * addresses.
 */
export function applyAttributes(user: UserRecord, changes: Record<string, string>, now: number): Array<'email' | 'phone_number'> {
  const changedAddresses: Array<'email' | 'phone_number'> = [];
  for (const [name, value] of Object.entries(changes)) {
    const isAddress = name === 'email' || name === 'phone_number';
    if (value === '') {
      delete user.attributes[name];
      if (isAddress) delete user.attributes[`${name}_verified`];
      continue;
    }
    if (isAddress && user.attributes[name] !== value) {
      changedAddresses.push(name);
      if (changes[`${name}_verified`] === undefined) user.attributes[`${name}_verified`] = 'false';
    }
    user.attributes[name] = value;
  }
  user.updatedAt = now;
  return changedAddresses;
}

export function checkRequiredAttributes(ctx: Context, attributes: Record<string, string>): void {
  const missing = ctx.config.requiredAttributes.filter((name) => !attributes[name]);
  if (missing.length > 0) {
    throw schemaError(missing.map((name) => `${name}: The attribute ${name} is required`).join('\n'));
  }
}

function schemaError(detail: string): Error {
  return errors.invalidParameter(`Attributes did not conform to the schema: ${detail}`);
}

/** Attributes as GetUser/AdminGetUser list them: `sub` first, as Cognito does. */
export function attributeListOf(user: UserRecord): AttributeType[] {
  return [{ Name: 'sub', Value: user.sub }, ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }))];
}

/** Epoch seconds with a fraction: the JSON form of Cognito's timestamps. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** The `UserType` shape of AdminCreateUser and ListUsers. */
export function userType(user: UserRecord, attributesToGet?: string[]): Record<string, unknown> {
  const attributes = attributeListOf(user).filter((a) => !attributesToGet || attributesToGet.includes(a.Name));
  return {
    Username: user.username,
    Attributes: attributes,
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** Groups in `cognito:groups` order: by precedence (lowest wins), then name. */
export function sortedGroups(ctx: Context, user: UserRecord): string[] {
  const precedence = (name: string) => ctx.state.groups[name]?.precedence ?? Number.MAX_SAFE_INTEGER;
  return [...user.groups].sort((a, b) => precedence(a) - precedence(b) || a.localeCompare(b));
}
