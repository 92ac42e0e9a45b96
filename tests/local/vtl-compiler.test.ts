// The VTL compiler on the interpreter's corner cases, which the project's templates may not reach:
// each template below is rendered by the interpreter and by its compiled function with the same
// inputs (twice, for the state the interpreter keeps between renders of a template), and the
// answers must be the same. The recorded renders of the project's own templates are compared in
// vtl-differential.test.ts.
import { describe, expect, it } from 'vitest';
import type { RenderResult } from '../../src/local/appsync/constant-templates.js';
import { createGraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import { cognitoIdentity } from '../../src/local/appsync/identity.js';
import { renderOutcome } from '../../src/local/appsync/render-recorder.js';
import { compileTemplate } from '../../src/local/appsync/vtl/compile.js';
import { UnsupportedTemplateError } from '../../src/local/appsync/vtl/emit.js';
import { newScopes, newState } from '../../src/local/appsync/vtl/runtime.js';

const TEMPLATES: Record<string, string> = {
  output: 'text $ctx.args.a, $!ctx.args.missing $ctx.args.missing ${ctx.args.a} $ctx.args.list $ctx.args.map $ctx.source',
  literals: '#set($x = {"a": [1, 2.5, -3, true, false, null, "s", \'t\'], "b": {}, "c": [1..3], "d": [3..1]})$util.toJson($x) $x.c $x.d',
  strings: '#set($n = "world")#set($s = "hello $n #x ${n}!")$s #set($t = \'no $n\')$t',
  math:
    '#set($a = 7)#set($b = 2)#set($r = [])#set($x = $a + $b)$util.qr($r.add($x))#set($x = $a - $b)$util.qr($r.add($x))#set($x = $a * $b)$util.qr($r.add($x))' +
    '#set($x = $a / $b)$util.qr($r.add($x))#set($x = $a % $b)$util.qr($r.add($x))#set($x = -($a))$util.qr($r.add($x))#set($x = !$a)$util.qr($r.add($x))' +
    '#set($x = $a > $b)$util.qr($r.add($x))#set($x = $a <= $b)$util.qr($r.add($x))#set($x = $a == 7)$util.qr($r.add($x))#set($x = ($a || $b))$util.qr($r.add($x))$util.toJson($r)',
  equality: '#set($l = [1, "x", {"c": null}])#if($ctx.args.list == $l) equal #else different #end #if($ctx.args.a != "A") not #end',
  conditions: '#foreach($v in [0, 1, "", "x", [], {}, $nothing, false])#if($v) T #elseif($v == 0) Z #else F #end#end',
  loops: '#foreach($i in [1, 2, 3, 4, 5])$i:$foreach.count:$foreach.index:$foreach.hasNext():$velocityCount #if($i == 2)#break#end after$i #end done $i',
  nested: '#foreach($a in [1, 2])#foreach($b in ["x", "y"])$a$b #end $b #end',
  mapLoop: '#set($m = {"k1": "v1", "k2": "v2"})#foreach($e in $m)[$e]#end after: $e $foreach.count #foreach($e in $m.entrySet())$e.key=$e.value #end',
  mapInList: '#foreach($a in [1, 2])#set($m = {"k": $a})#foreach($e in $m)[$e]#end $e/$a #end after: $a $e',
  emptyLoop: '#foreach($x in [])$x#end #foreach($x in $nothing)$x#end #set($t = "text")#foreach($x in $t)$x#end',
  setPaths: '#set($a.b = 1)#set($m = {})#set($m.x = 2)#set($m.y.z = 3)#set($n = $nothing)$util.toJson($m) $a',
  methods:
    '#set($l = [])$util.qr($l.add(1))$util.qr($l.addAll([2, 3]))$l.size() $l.contains(2) $l.isEmpty() ' +
    '#set($m = {})$util.qr($m.put("a", 1))$util.qr($m.putAll({"b": 2}))$m.keySet() $m.get("a") $m.getA() $m.containsKey("b") $m.remove("a") $util.toJson($m) ' +
    '$l.put("x") $l.subList(0, 1) $ctx.args.a.toUpperCase() $ctx.args.a.isEmpty() $ctx.args.a.length() $util.isNull($nothing)',
  errors: '$util.qr($util.appendError("appended", "T", {"d": 1}))#if($ctx.args.fail) $util.error("failed", "Custom", {"x": 1}, {"i": 2}) #end after',
  unauthorized: 'before $util.unauthorized() after',
  inLoop: '#foreach($i in [1, 2])#if($i == 2)$util.error("in loop $i")#end$i#end',
  returns: '#if(true) inner #return({"a": 1}) never #end outer',
  returnText: '#return("text")',
  returnNothing: 'prefix #return',
  stash: '$util.qr($ctx.stash.put("k", {"v": [1]}))$util.qr($ctx.args.put("added", true))$util.toJson($ctx.stash)',
  notJson: 'this is not JSON',
  stop: 'a #stop b',
  macro: '#owner x #keyCount',
  getterCase: '#set($m = {"Name": "N", "age": 3})$m.get("name") $m.getAge() $m.isAge()',
  dynamo: '$util.toJson($util.dynamodb.toDynamoDB($ctx.args.a)) $util.dynamodb.toDynamoDBJson(5) $util.toJson($util.parseJson("[1,2]"))',
  regex: '#set($s = "a,b,,c")$s.split(",") $s.replaceAll(",", ";") $s.matches("a.*")',
  nullStuff: '$util.defaultIfNull($nothing, "d") $util.defaultIfNullOrEmpty("", "e") $util.isNullOrBlank("  ") $nothing.x $!nothing.x',
  eval: '#set($x = $util.toJson(1))$x.eval',
};

const INPUTS: Array<{ arguments: Record<string, unknown>; source?: unknown; stash?: Record<string, unknown> }> = [
  { arguments: { a: 'A', list: [1, 'x', { c: null }], map: { k: 1.5, n: null } }, source: { id: 's1' } },
  { arguments: { a: '', list: [], fail: true }, stash: { pre: 'set' } },
];

function build(vtl: 'compiled' | 'interpreted') {
  const engine = createGraphQLEngine(
    {
      apiId: 'synthetic',
      schema: 'type Query { nothing: String }',
      templates: new Map(Object.entries(TEMPLATES)),
      tables: [],
      dataSources: [{ name: 'NONE_DS', type: 'NONE' }],
      functions: [],
      resolvers: [],
    },
    { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' },
    { vtl, recordRenders: false },
  );
  return (engine.simulator as unknown as { mappingTemplates: Map<string, { render(...args: unknown[]): RenderResult; vtl?: unknown }> }).mappingTemplates;
}

const claims = { sub: 'sub-1', username: 'alice', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x', token_use: 'access' };
const info = {
  fieldName: 'nothing',
  parentType: { name: 'Query' },
  path: { key: 'nothing' },
  variableValues: {},
  fragments: {},
  fieldNodes: [{ kind: 'Field', name: { value: 'nothing' }, loc: { startToken: { line: 1, column: 3 }, source: { name: 'GraphQL request' } } }],
};

function outcome(render: (...args: unknown[]) => RenderResult, input: (typeof INPUTS)[number]): string {
  const request = { jwt: claims, requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS', sourceIp: '127.0.0.1', headers: {}, appsyncErrors: [], identity: cognitoIdentity(claims, '127.0.0.1') };
  try {
    return JSON.stringify(renderOutcome({ result: render(structuredClone(input), request, info) }));
  } catch (error) {
    return JSON.stringify(renderOutcome({ thrown: error }));
  }
}

describe('compiled templates against the interpreter, on its corner cases', () => {
  const interpreted = build('interpreted');
  const compiled = build('compiled');

  for (const name of Object.keys(TEMPLATES)) {
    it(name, () => {
      expect(compiled.get(name)!.vtl, 'compiled').toBeDefined();
      for (const input of [...INPUTS, ...INPUTS]) {
        const [c, i] = [compiled.get(name)!, interpreted.get(name)!];
        const expected = outcome((...args) => i.render(...args), input);
        expect(outcome((...args) => c.render(...args), input)).toBe(expected);
      }
    });
  }

  it('keeps no scope of a finished loop from one render to the next', () => {
    // The interpreter keeps `{}` under each finished loop's id for good: one key per loop run, per
    // request, in the template's scopes (issue 15's heap diff). The compiled template drops them.
    const template = compileTemplate('#foreach($a in [1, 2])#foreach($b in ["x", "y"])$a$b #end#end#foreach($c in [3])$c#end');
    const scopes = newScopes();
    for (let i = 0; i < 50; i++) expect(template(newState({}, scopes))).toBe('1x 1y 2x 2y 3');
    expect(Object.keys(scopes.local)).toEqual([]);
    expect(scopes.conditions).toEqual([]);
  });

  it('refuses what it does not translate, with a named error', () => {
    expect(() => compileTemplate('#macro(m $a)$a#end#m(1)')).toThrow(UnsupportedTemplateError);
    expect(() => compileTemplate('#define($d)x#end$d')).toThrow(UnsupportedTemplateError);
  });
});
