import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { compareWithAmplifyCli } from './compare-with-cli.js';
import { compileProject, staleArtifacts } from './compile-project.js';

/**
 * `npm run compile`           compiles amplify/ with the Amplify transformer (as `amplify api gql-compile`)
 * `npm run compile -- --check` fails when the committed graphql/ files are not what the schema compiles to
 * `npm run compile -- --against-cli` compiles, then compares the build folder with the Amplify CLI's own
 *                                    gql-compile of the same folder (installs the pinned CLI on first use)
 */
const USAGE = `npm run compile [-- --check | --against-cli]

Compiles amplify/backend/api/<api>/schema.graphql and its resolver slots with the Amplify transformer
into the API's build/ folder and graphql/schema.graphql, as \`amplify api gql-compile\` does.

  --check         compile nothing; fail when graphql/ is not what the schema compiles to
  --against-cli   compile, then compare the whole build folder with the Amplify CLI's own gql-compile
                  of the same folder, file for file (installs the pinned CLI on first use, ~1.4 GB)
  --help`;

let check = false;
let againstCli = false;
try {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, 'against-cli': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  check = values.check;
  againstCli = values['against-cli'];
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const projectRoot = process.cwd();
try {
  if (check) {
    const stale = staleArtifacts(projectRoot);
    if (stale.length > 0) {
      console.error(`stale: ${stale.join(', ')}; run \`npm run compile\` and commit the result`);
      process.exit(1);
    }
    console.log('graphql/ is up to date with the schema');
  } else {
    const started = performance.now();
    const { compiled, buildDir } = await compileProject(projectRoot);
    for (const warning of compiled.warnings) console.warn(`warning: ${warning}`);
    console.log(
      `compiled ${Object.keys(compiled.resolvers).length} resolver templates and ${Object.keys(compiled.stacks).length} stacks ` +
        `into ${relative(projectRoot, buildDir)} and graphql/schema.graphql in ${Math.round(performance.now() - started)} ms`,
    );
    if (againstCli) {
      let differing = 0;
      for (const { api, files, differences } of await compareWithAmplifyCli(projectRoot)) {
        for (const difference of differences) {
          console.log(`${api}: ${difference.kind}: ${difference.path}`);
          if (difference.detail) console.log(difference.detail);
        }
        console.log(`${api}: ${files - differences.length} of ${files} build files identical to the Amplify CLI's, ${differences.length} differ`);
        differing += differences.length;
      }
      if (differing > 0) process.exit(1);
    }
  }
} catch (error) {
  const e = error as Error;
  console.error(`${e.name}: ${e.message}`);
  process.exit(1);
}
