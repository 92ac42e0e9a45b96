// The operator CLI's dispatcher: `wildrydes <command> [options]`. Finds the command from the
// leading words, parses its options (node:util parseArgs, strict), runs it, and turns any failure
// into one line on stderr and a non-zero exit code.
import { parseArgs } from 'node:util';
import { GLOBAL_OPTIONS, GLOBAL_USAGE, type Command, type OptionSpecs } from './command.js';
import { connect, type Connection } from './connect.js';
import { toCliError, UsageError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { seed } from './seed.js';
import { usersAdd } from './users-add.js';
import { usersGroups } from './users-groups.js';
import { usersList } from './users-list.js';
import { usersDelete } from './users-delete.js';
import { reset } from './reset.js';

export const COMMANDS: readonly Command[] = [usersAdd, usersList, usersGroups, usersDelete, seed, reset];

export function overallUsage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length));
  return [
    'wildrydes <command> [options]: operate a Wild Rydes backend (the local cloud of `npm start`, or a deployed one)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.words.join(' ').padEnd(width)}   ${c.summary}`),
    '',
    GLOBAL_USAGE,
    '',
    '`wildrydes <command> --help` describes a command.',
  ].join('\n');
}

function commandUsage(command: Command): string {
  return `${command.usage}\n\n${GLOBAL_USAGE}`;
}

/** Every option of every command, so that a first pass finds the command words whatever the order. */
function allOptions(): OptionSpecs {
  return Object.assign({}, GLOBAL_OPTIONS, ...COMMANDS.map((c) => c.options)) as OptionSpecs;
}

/** The command whose words start the positionals (the longest such). */
function findCommand(positionals: string[]): Command | undefined {
  return [...COMMANDS]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((word, i) => positionals[i] === word));
}

/**
 * Runs the CLI with these arguments (without `node` and the script) and returns the exit code:
 * 0 on success, 1 on a failure, 2 on a command line it does not understand.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let connection: Connection | undefined;
  try {
    const first = parseArgs({ args: [...argv], options: allOptions(), strict: false, allowPositionals: true });
    let positionals = first.positionals;
    const help = first.values.help === true || positionals[0] === 'help';
    if (positionals[0] === 'help') positionals = positionals.slice(1);
    const command = findCommand(positionals);

    if (!command) {
      const known = positionals.length === 0 || (positionals.length === 1 && positionals[0] === 'users');
      if (help && known) {
        io.out(overallUsage(positionals[0] === 'users' ? COMMANDS.filter((c) => c.words[0] === 'users') : COMMANDS));
        return 0;
      }
      const what = positionals.length === 0 ? 'no command given' : `unknown command "${positionals.join(' ')}"`;
      throw new UsageError(what, overallUsage());
    }
    if (help) {
      io.out(commandUsage(command));
      return 0;
    }

    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: { ...GLOBAL_OPTIONS, ...command.options }, strict: true, allowPositionals: true });
    } catch (error) {
      throw new UsageError((error as Error).message, commandUsage(command));
    }
    const rest = parsed.positionals.slice(command.words.length);
    const name = command.words.join(' ');
    const { names, min } = command.positionals;
    if (rest.length < min) throw new UsageError(`${name}: missing <${names[rest.length]}>`, commandUsage(command));
    if (rest.length > names.length) throw new UsageError(`${name}: unexpected argument "${rest[names.length]}"`, commandUsage(command));
    for (const [option, value] of Object.entries(parsed.values)) {
      if (value === '' || (Array.isArray(value) && value.includes(''))) throw new UsageError(`--${option} must not be empty`, commandUsage(command));
    }

    const options = { config: parsed.values.config, ca: parsed.values.ca };
    await command.run({ positionals: rest, values: parsed.values }, io, async () => (connection ??= await connect(options, io)));
    return 0;
  } catch (error) {
    const failure = toCliError(error, connection?.errorContext);
    io.err(`wildrydes: ${failure.message}`);
    if (failure instanceof UsageError) io.err(`\n${failure.usage}`);
    return failure.exitCode;
  } finally {
    connection?.close();
  }
}
