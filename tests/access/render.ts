// The access matrix as a Markdown table: the policy at a glance, generated into docs/access-matrix.md.
import { MATRIX, type MatrixRow, type Outcome } from './matrix.js';
import { ACTORS, type Actor } from './world.js';

const HEADINGS: Record<Actor, string> = {
  anonymous: 'anonymous',
  owner: 'owner',
  passenger: 'passenger',
  otherRider: 'other rider',
  dispatcher: 'Dispatchers',
  admin: 'Admins',
  dispatcherAdmin: 'both groups',
};

const LEGEND = `Outcomes: **yes** allowed (and its effect stored); **no** refused with an \`Unauthorized\` error, nothing
written; **hidden** the list answers without the record; **redacted** the record is returned with that field
null and an \`Unauthorized\` error at its path; **401** no valid token: HTTP 401 \`UnauthorizedException\`,
no resolver runs. For creates and the fleet, "owner", "passenger" and "other rider" are plain riders; for
profiles, "passenger" is a rider who does not own the profile.`;

/** `mark` decorates each cell (a test run adds ✓ or ✗). */
export function renderMatrix(rows: MatrixRow[] = MATRIX, mark: (row: MatrixRow, actor: Actor, outcome: Outcome) => string = (_r, _a, o) => o): string {
  const lines = [`| model | operation | ${ACTORS.map((a) => HEADINGS[a]).join(' | ')} | rule ([docs/access-rules.md](access-rules.md)) |`, `|---|---|${ACTORS.map(() => '---').join('|')}|---|`];
  for (const row of rows) {
    lines.push(`| ${row.model} | ${row.operation} | ${ACTORS.map((a) => mark(row, a, row.cells[a])).join(' | ')} | ${row.rule} |`);
  }
  return lines.join('\n');
}

export function renderMatrixDocument(): string {
  return `# Access matrix

Generated from \`tests/access/matrix.ts\` by \`npm run test:access -- --write\`; every cell is a test in
\`tests/access/access-matrix.test.ts\` against the running local cloud, with users signed in through the
local Cognito pool (SRP) and stored items read back from DynamoDB. A test fails when this file is stale.

${LEGEND}

${renderMatrix()}
`;
}
