// What a command module exports, and the options every command takes.
import type { ParseArgsConfig } from 'node:util';
import type { Connection } from './connect.js';
import type { CliIo } from './io.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  config: { type: 'string' },
  ca: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

export const GLOBAL_USAGE = `Options of every command:
  --config <path>   the backend's client configuration: the local cloud's client-config.json
                    (default: amplify/mock-data/client-config.json, or under WILDRYDES_DATA_DIR)
                    or a deployed backend's amplifyconfiguration.json
  --ca <path>       the local cloud's CA certificate (default: tls/ca.pem next to the
                    configuration, or WILDRYDES_CA)
  -h, --help        this help`;

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandArgs {
  /** The positionals after the command's words. */
  positionals: string[];
  values: OptionValues;
}

export interface Command {
  /** The command's words, e.g. ['users', 'add']. */
  words: readonly string[];
  summary: string;
  /** The full help text (GLOBAL_USAGE is appended). */
  usage: string;
  options: OptionSpecs;
  /** The positionals it takes, by name (at least `min` of them). */
  positionals: { names: readonly string[]; min: number };
  /** Connects on demand (the connection is closed by the dispatcher). */
  run(args: CommandArgs, io: CliIo, connect: () => Promise<Connection>): Promise<void>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringList(values: OptionValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}
