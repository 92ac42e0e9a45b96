import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_FILE, generateTypedDocuments } from './typed-documents.js';

// `npm run codegen`: regenerates src/generated/graphql.ts from graphql/operations.
const root = process.cwd();
try {
  writeFileSync(join(root, GENERATED_FILE), await generateTypedDocuments(root));
  console.log(`wrote ${GENERATED_FILE}`);
} catch (error) {
  console.error(`codegen failed: ${(error as Error).message}`);
  process.exit(1);
}
