// cfn-lint over every template `amplify push` deploys: the API's build folder (root and nested
// stacks, as `npm run compile` writes them) and the auth stacks the CLI generates (the committed
// snapshot). Any error fails the test, except those the CLI's own templates carry (KNOWN_ERRORS).
// Runs where the machine's Python has cfn-lint (pip install cfn-lint); says so when it skips.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_SNAPSHOT_DIR } from '../../src/compiler/auth-stack-snapshot.js';
import { compiledApi } from '../support/local-cloud.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const hasCfnLint = spawnSync('cfn-lint', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCfnLint) console.log('[skip] tests/compiler/cfn-lint.test.ts: cfn-lint is not installed (pip install cfn-lint)');

/**
 * Errors in templates the Amplify CLI itself generates, each harmless:
 * - stacks/CustomResources.json, E3003 ('ServiceToken' is a required property): the placeholder
 *   `EmptyResource` of type Custom::EmptyResource that `amplify add api` scaffolds carries
 *   `Condition: AlwaysFalse` (an Fn::Equals of "true" and "false"), so CloudFormation never creates
 *   it and never needs a ServiceToken.
 */
const KNOWN_ERRORS: Array<{ file: string; rule: string; why: string }> = [
  { file: 'api/stacks/CustomResources.json', rule: 'E3003', why: 'EmptyResource has Condition AlwaysFalse: never created' },
];

interface Finding {
  file: string;
  rule: string;
  message: string;
}

describe.skipIf(!hasCfnLint)('cfn-lint over the deployed templates', () => {
  let dir: string;
  let findings: Finding[];
  let files: string[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wildrydes-cfn-lint-'));
    const compiled = compiledApi(projectRoot);
    await mkdir(path.join(dir, 'api', 'stacks'), { recursive: true });
    await writeFile(path.join(dir, 'api', 'cloudformation-template.json'), JSON.stringify(compiled.rootStack, null, 4));
    for (const [name, template] of Object.entries(compiled.stacks)) await writeFile(path.join(dir, 'api', 'stacks', name), JSON.stringify(template, null, 2));
    const authDir = path.join(projectRoot, AUTH_SNAPSHOT_DIR);
    files = [path.join(dir, 'api', 'cloudformation-template.json'), ...Object.keys(compiled.stacks).map((name) => path.join(dir, 'api', 'stacks', name))];
    for (const resource of await readdir(authDir)) {
      for (const name of (await readdir(path.join(authDir, resource))).filter((n) => n.endsWith('-cloudformation-template.json'))) files.push(path.join(authDir, resource, name));
    }
    // cfn-lint exits non-zero when it finds anything; the findings are on stdout either way.
    const output = await promisify(execFile)('cfn-lint', ['--format', 'parseable', ...files], { maxBuffer: 16 * 1024 * 1024 })
      .then((r) => r.stdout, (e: { stdout?: string; stderr?: string }) => {
        if (!e.stdout && e.stderr) throw new Error(`cfn-lint failed: ${e.stderr}`);
        return e.stdout ?? '';
      });
    findings = output.split('\n').filter(Boolean).map((line) => {
      // <file>:<line>:<col>:<endline>:<endcol>:<rule>:<message>
      const match = /^(.*?):\d+:\d+:\d+:\d+:([EWI]\d+):(.*)$/.exec(line);
      if (!match) throw new Error(`unexpected cfn-lint output: ${line}`);
      const [, file = '', rule = '', message = ''] = match;
      const relative = file.startsWith(dir) ? path.relative(dir, file) : path.relative(projectRoot, file);
      return { file: relative.split(path.sep).join('/'), rule, message };
    });
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lints the root stack, every nested stack and the CLI-generated auth stacks', () => {
    expect(files.length).toBeGreaterThanOrEqual(1 + 5 + 2);
  });

  it('finds no error but the known ones of the CLI\'s own templates', () => {
    const errors = findings.filter((f) => f.rule.startsWith('E'));
    const unexpected = errors.filter((e) => !KNOWN_ERRORS.some((k) => k.file === e.file && k.rule === e.rule));
    expect(unexpected).toEqual([]);
    // A known error that disappears should leave the list too.
    for (const known of KNOWN_ERRORS) expect(errors.some((e) => e.file === known.file && e.rule === known.rule), `${known.file} ${known.rule}`).toBe(true);
  });
});
