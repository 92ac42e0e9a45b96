// Where the CLI writes and what it reads from its surroundings: the real process by default, a
// recorder in tests that call main() in-process.

export interface CliIo {
  /** One line of the command's result (stdout). */
  out(line: string): void;
  /** One line of progress, warnings and errors (stderr). */
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}
