// The compiled templates against the interpreter they replace. Every render that the access matrix,
// the hostile-input suite and the end-to-end suites ran (recorded by `npm run record:renders` into
// tests/fixtures/vtl-renders/) is replayed through both executions of the same template, with the
// same generated values ($util.autoId, $util.time.nowISO8601): the output text, the parsed result,
// the stash and arguments after the render, the errors $util raised (class, type, message, data),
// the early return, the failure, and what a subscription start recorded must all be the same.
// Every template of the current build must have recordings, made from its current text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defineApi } from '../../src/local/appsync/api-definition.js';
import type { Render, RenderResult } from '../../src/local/appsync/constant-templates.js';
import { createGraphQLEngine, type GraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import { withGeneratedValues } from '../../src/local/appsync/render-context.js';
import { renderOutcome, replayArguments, templateHash, type RenderRecording } from '../../src/local/appsync/render-recorder.js';
import type { CompiledHolder } from '../../src/local/appsync/vtl/render.js';
import { returnedText } from '../../src/local/appsync/vtl/render.js';
import { enableSubscriptionExtensions } from '../../src/local/realtime/vtl-extensions.js';
import { projectApi, projectRoot } from '../access/project.js';

const RECORD = 'npm run record:renders';
const fixture = join(projectRoot, 'tests', 'fixtures', 'vtl-renders', 'renders.json.gz');

interface Template {
  render: Render;
  template: { path?: string; content: string | Buffer };
  compiler: { render(context: unknown): string | null };
  vtl?: CompiledHolder;
}

function engine(vtl: 'compiled' | 'interpreted'): { engine: GraphQLEngine; templates: Map<string, Template> } {
  const api = defineApi(projectApi(), { apiId: 'wildrydes', env: 'local', region: 'us-east-1' });
  const built = createGraphQLEngine(api, { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' }, { vtl, recordRenders: false });
  enableSubscriptionExtensions(built.simulator, api);
  return { engine: built, templates: (built.simulator as unknown as { mappingTemplates: Map<string, Template> }).mappingTemplates };
}

/**
 * Renders a recording with one execution; answers its outcome and the output text. Renders of the
 * same recorded request share one request context (as the renders of one request do), so that
 * `$util` and `$ctx.identity` are built once per request, not per render.
 */
function replay(template: Template, recording: RenderRecording, output: { text?: unknown }, requests: Map<string, Record<string | symbol, unknown>>): { outcome: unknown; text: unknown } {
  const { values, info, generated, subscriptionState, ...replayed } = replayArguments(recording);
  let requestContext = replayed.requestContext;
  if (!subscriptionState) {
    const key = JSON.stringify(recording.request);
    requestContext = requests.get(key) ?? requestContext;
    requests.set(key, requestContext);
  }
  output.text = '<no output>';
  let answer: { result: RenderResult } | { thrown: unknown };
  try {
    answer = { result: withGeneratedValues(generated, () => template.render(values, requestContext, info)) };
  } catch (error) {
    answer = { thrown: error };
  }
  return { outcome: renderOutcome(answer, subscriptionState), text: output.text };
}

describe('compiled VTL templates answer as the interpreter', () => {
  const recordings = (JSON.parse(gunzipSync(readFileSync(fixture)).toString('utf8')) as { renders: RenderRecording[] }).renders;
  const interpreted = engine('interpreted');
  const compiled = engine('compiled');

  it('compiles every template of the build', () => {
    const notCompiled = [...compiled.templates].filter(([, t]) => !t.vtl).map(([key]) => key);
    expect(notCompiled).toEqual([]);
  });

  it(`has recordings of every template, made from its current text (else: ${RECORD})`, () => {
    const byTemplate = new Map<string, RenderRecording[]>();
    for (const r of recordings) byTemplate.set(r.template, [...(byTemplate.get(r.template) ?? []), r]);
    const missing = [...interpreted.templates.keys()].filter((key) => !byTemplate.has(key));
    expect(missing, `templates without a recorded render: run ${RECORD}`).toEqual([]);
    const stale = recordings
      .filter((r) => interpreted.templates.has(r.template) && r.templateHash !== templateHash(String(interpreted.templates.get(r.template)!.template.content)))
      .map((r) => r.template);
    expect([...new Set(stale)], `recordings made from an older text of these templates: run ${RECORD}`).toEqual([]);
    const unknown = recordings.filter((r) => !interpreted.templates.has(r.template)).map((r) => r.template);
    expect([...new Set(unknown)], `recordings of templates the build no longer has: run ${RECORD}`).toEqual([]);
  });

  it('replays every recorded render through both, with the same answers', () => {
    const outputs = { interpreted: {} as { text?: unknown }, compiled: {} as { text?: unknown } };
    // The output text of each execution, as the render sees it (after the engine's #return correction).
    for (const template of interpreted.templates.values()) {
      const render = template.compiler.render.bind(template.compiler);
      template.compiler.render = (context) => {
        const text = render(context);
        outputs.interpreted.text = text;
        return text;
      };
    }
    for (const template of compiled.templates.values()) {
      const holder = template.vtl!;
      const run = holder.compiled;
      holder.compiled = (state) => {
        const text = run(state);
        outputs.compiled.text = state.returned ? returnedText(text) : text;
        return text;
      };
    }
    const requests = { interpreted: new Map(), compiled: new Map() };
    const differences: string[] = [];
    let asRecorded = 0;
    const templatesCompared = new Set<string>();
    for (const recording of recordings) {
      const a = replay(interpreted.templates.get(recording.template)!, recording, outputs.interpreted, requests.interpreted);
      const b = replay(compiled.templates.get(recording.template)!, recording, outputs.compiled, requests.compiled);
      templatesCompared.add(recording.template);
      if (JSON.stringify(a.outcome) === JSON.stringify(recording.outcome)) asRecorded++;
      if (a.text !== b.text) differences.push(`${recording.template}: output ${JSON.stringify(a.text)} became ${JSON.stringify(b.text)}`);
      else if (JSON.stringify(a.outcome) !== JSON.stringify(b.outcome)) differences.push(`${recording.template}: ${JSON.stringify(a.outcome)} became ${JSON.stringify(b.outcome)}`);
    }
    console.log(`VTL differential test: ${templatesCompared.size} templates, ${recordings.length} recorded renders compared (${asRecorded} replayed exactly as recorded); ${differences.length} differences`);
    expect(differences.slice(0, 5)).toEqual([]);
    expect(templatesCompared.size).toBe(interpreted.templates.size);
  });
});
