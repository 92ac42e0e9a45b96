import { relative } from 'node:path';
import { compareWithAmplifyCli } from './compare-with-cli.js';
import { compileProject, staleArtifacts } from './compile-project.js';

/**
 * `npm run compile`           compiles amplify/ with the Amplify transformer (as `amplify api gql-compile`)
 * `npm run compile -- --check` fails when the committed graphql/ files are not what the schema compiles to
 * `npm run compile -- --against-cli` compiles, then compares the build folder with the Amplify CLI's own
 *                                    gql-compile of the same folder (installs the pinned CLI on first use)
 */
const projectRoot = process.cwd();
try {
  if (process.argv.includes('--check')) {
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
    if (process.argv.includes('--against-cli')) {
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
