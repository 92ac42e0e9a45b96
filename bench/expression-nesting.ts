// Cost of parsing a nested DynamoDB filter expression, `(NOT (NOT ... (#owner = :v)))`, with dynalite's
// parser as shipped and with the cached one the embedded store installs
// (src/local/dynamodb/linear-expression-parsers.ts). The shipped parser is exponential in the depth:
// it is measured only up to --max-original (default 8); the cached one at every depth.
//   npx tsx bench/expression-nesting.ts [--max-original 8]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { installLinearExpressionParsers } from '../src/local/dynamodb/linear-expression-parsers.js';

const { values } = parseArgs({ options: { 'max-original': { type: 'string', default: '8' } } });
const maxOriginal = Number(values['max-original']);
const require = createRequire(import.meta.url);
const parser = require('dynalite/db/conditionParser') as { parse(input: string, options: unknown): unknown };

const context = () => ({ attrNames: { '#owner': 'owner' }, attrVals: { ':v': { S: 'x' } }, isReserved: () => false, compare: () => true });
const nested = (depth: number) => {
  let expression = '(#owner = :v)';
  for (let i = 0; i < depth; i++) expression = `(NOT ${expression})`;
  return expression;
};
const time = (depth: number) => {
  const started = performance.now();
  parser.parse(nested(depth), { context: context() });
  return performance.now() - started;
};

const depths = [4, 6, 8, 10, 20, 60];
const original = new Map(depths.filter((d) => d <= maxOriginal).map((d) => [d, time(d)]));
installLinearExpressionParsers();
console.log('depth  dynalite as shipped   cached parser');
for (const depth of depths) {
  const before = original.get(depth);
  console.log(`${String(depth).padStart(5)}  ${(before === undefined ? '(not run)' : `${before.toFixed(1)} ms`).padStart(19)}   ${time(depth).toFixed(2).padStart(10)} ms`);
}
