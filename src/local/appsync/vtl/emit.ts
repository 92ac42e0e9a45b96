// JavaScript source from the AST of a VTL template (the parser of amplify-velocity-template, as the
// simulator uses it). The emitted code does what the simulator's interpreter does when it walks that
// AST, node for node, in the same order and with the same quirks (runtime.ts has the operations it
// calls); what depends only on the template (which node comes next, which branch of a method call
// a method name selects, a reference's text, a literal's value) is decided here, once.
//
// The emitted source is not strict mode: the interpreter's `#set` runs in sloppy mode (a property
// set on a primitive is ignored); the strict operations are in runtime.ts.

/** A template uses a construct the compiler does not translate; the engine renders it with the interpreter. */
export class UnsupportedTemplateError extends Error {
  override name = 'UnsupportedTemplateError';
}

type Node = string | Ast | Node[];
interface Ast {
  type: string;
  id?: any;
  path?: Ast[];
  /** `false` for a call without arguments. */
  args?: Ast[] | false;
  leader?: string;
  value?: any;
  condition?: Ast;
  expression?: Ast[];
  operator?: string;
  equal?: [Ast, Ast];
  from?: Ast;
  to?: string;
  isEval?: boolean;
  isRange?: boolean;
  pos?: { first_line: number; first_column: number };
}

export interface VelocityParser {
  parse(text: string): unknown[];
  refText(ast: unknown): string;
}

const json = (value: unknown) => JSON.stringify(value);
const GUARD = 'if (!st.stop && !st.brk)';

function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (Object.is(value, -0)) return '-0';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

/** What emitTemplate makes of a template. */
export interface EmittedTemplate {
  /** The body of `new Function('h', source)`, which returns the render function `(state) => output`. */
  source: string;
  /**
   * The properties of `$ctx` (or `$context`) the template can read or replace, by name (`stash`,
   * `args`, `source`, ...); undefined when it can reach `$ctx` itself (`$ctx`, `$ctx.keySet()`,
   * `$ctx[$name]`, `#set($ctx = ...)`), and so any of them.
   */
  contextReads: ReadonlySet<string> | undefined;
  /**
   * True when a render's answer (output, stash, arguments, errors) depends on nothing but the stash
   * and arguments it is given: it reaches no other part of `$ctx`, calls only `$util` functions of
   * PURE_UTIL, reads no variable it does not #set, and has no #foreach (loop scopes outlive a render).
   */
  pure: boolean;
}

/** `$util` functions whose answer depends on their arguments only (no time, ids, request or errors). */
const PURE_UTIL = new Set([
  'qr', 'quiet', 'toJson', 'parseJson', 'isNull', 'isNullOrEmpty', 'isNullOrBlank', 'defaultIfNull', 'defaultIfNullOrEmpty', 'defaultIfNullOrBlank',
  'isString', 'isNumber', 'isBoolean', 'isList', 'isMap', 'typeOf',
]);
const INPUTS = new Set(['stash', 'args', 'arguments']);

const CONTEXT_NAMES = new Set(['ctx', 'context']);

/** An index (`[1]`, `["a"]`) whose key is the literal's own text. */
function isConstantKey(key: Ast | undefined): boolean {
  if (!key) return false;
  if (key.type === 'integer') return String(parseInt(key.value, 10)) === String(key.value);
  return key.type === 'string' && !(key.isEval && /[#$]/.test(String(key.value)));
}

export function emitTemplate(asts: unknown[], parser: VelocityParser): EmittedTemplate {
  const functions: string[] = [];
  let contextReads: Set<string> | undefined = new Set<string>();
  let impure = false;
  const variablesRead = new Set<string>();
  const variablesSet = new Set<string>();
  /** Notes what a reference reads besides `$ctx`, for `pure`. */
  const noteVariableUse = (id: string, first: Ast | undefined) => {
    if (CONTEXT_NAMES.has(id)) return;
    if (id === 'util' || id === 'utils') {
      if (!(first?.type === 'method' && PURE_UTIL.has(String(first.id)))) impure = true;
    } else if (loopNames.has(id)) impure = true;
    else variablesRead.add(id);
  };
  /** Notes which property of `$ctx` a reference or #set starting at `$ctx` reaches first. */
  const noteContextUse = (id: unknown, first: Ast | undefined) => {
    if (typeof id !== 'string' || !CONTEXT_NAMES.has(id) || !contextReads) return;
    if (first?.type === 'property' && typeof first.id === 'string') contextReads.add(first.id);
    else if (first?.type === 'index' && isConstantKey(first.id as Ast | undefined)) contextReads.add(String((first.id as Ast).value));
    else contextReads = undefined;
  };
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}${counter++}`;
  const loopNames = new Set<string>(['foreach', 'velocityCount']);
  const collectLoops = (nodes: Node[]) => {
    for (const node of nodes) {
      if (Array.isArray(node)) {
        const head = node[0] as Ast;
        if (head && head.type === 'foreach' && head.to) loopNames.add(head.to);
        collectLoops(node);
      }
    }
  };
  collectLoops(asts as Node[]);

  const addFunction = (prefix: string, params: string, body: string): string => {
    const name = fresh(prefix);
    functions.push(`function ${name}(${params}) {\n${body}\n}`);
    return name;
  };

  /** Statements rendering `nodes` into a new variable; returns [statements, variable]. */
  const list = (nodes: Node[], contextId: string): [string, string] => {
    const out = fresh('s');
    const lines = [`h.enter(st, ${contextId});`, `let ${out} = '';`];
    for (const node of nodes) lines.push(statement(node, out));
    return [lines.join('\n'), out];
  };

  const statement = (node: Node, out: string): string => {
    if (typeof node === 'string') return `${GUARD} ${out} += ${json(node)};`;
    if (Array.isArray(node)) return blockStatement(node, out);
    switch (node.type) {
      case 'references':
        return `${GUARD} ${out} += h.format(${reference(node, true)});`;
      case 'set':
        return `${GUARD} ${setFunction(node)}(st);`;
      case 'break':
        return `${GUARD} st.brk = true;`;
      case 'comment':
        return '';
      case 'raw':
        return `${GUARD} ${out} += ${json(node.value)};`;
      case 'return':
        return `${GUARD} { st.stop = true; st.returned = true; ${out} = ${node.value ? `h.returned(${expression(node.value)})` : 'null'}; }`;
      case 'macro_call':
        return macroCall(node);
      default:
        throw new UnsupportedTemplateError(`a node of type ${node.type}`);
    }
  };

  const macroCall = (node: Ast): string => {
    // No #macro is defined (those are refused), so only the interpreter's one built-in directive does anything.
    if (typeof node.id !== 'string' || node.id in Object.prototype) throw new UnsupportedTemplateError(`the macro call #${String(node.id)}`);
    if (node.id !== 'stop') return '';
    const args = (node.args || []).map((a) => literal(a)).join(', ');
    return `${GUARD} { [${args}]; st.stop = true; }`;
  };

  const blockStatement = (block: Node[], out: string): string => {
    const head = block[0] as Ast;
    if (Array.isArray(head) || typeof head === 'string') throw new UnsupportedTemplateError('a block without a directive');
    if (head.type === 'if') return ifStatement(block, out);
    if (head.type === 'foreach') return foreachStatement(head, block.slice(1), out);
    throw new UnsupportedTemplateError(`the #${head.type} directive`);
  };

  const ifStatement = (block: Node[], out: string): string => {
    const segments: Array<{ condition: Ast | null; body: Node[] }> = [];
    for (const node of block) {
      if (!Array.isArray(node) && typeof node !== 'string' && node.condition) segments.push({ condition: node.condition, body: [] });
      else if (!Array.isArray(node) && typeof node !== 'string' && node.type === 'else') segments.push({ condition: null, body: [] });
      else segments[segments.length - 1]!.body.push(node);
    }
    const result = fresh('b');
    let code = `let ${result};\n`;
    let closed = false;
    for (const [i, segment] of segments.entries()) {
      const [statements, text] = list(segment.body, 'st.condition');
      const body = `{\n${statements}\n${result} = ${text};\n}`;
      if (segment.condition === null) {
        code += (i === 0 ? '' : 'else ') + body + '\n';
        closed = true;
        break;
      }
      code += `${i === 0 ? '' : 'else '}if (${expression(segment.condition)}) ${body}\n`;
    }
    if (!closed) {
      const [statements, text] = list([], 'st.condition');
      code += `else {\n${statements}\n${result} = ${text};\n}\n`;
    }
    return `${GUARD} {\n${code}${out} += h.block(${result});\n}`;
  };

  const foreachStatement = (head: Ast, body: Node[], out: string): string => {
    impure = true;
    const to = json(head.to);
    const [statements, text] = list(body, 'cid');
    const iteration = `if (st.brk) { st.brk = false; return; }
local[${to}] = VALUE;
local.foreach = { count: i + 1, index: i, hasNext: () => i + 1 < len };
local.velocityCount = i + 1;
st.local[cid] = local;
${statements}
ret += ${text};`;
    return `${GUARD} {
const from = ${literal(head.from!)};
const local = { foreach: { count: 0 } };
let ret = '';
const cid = h.scopeId();
if (h.iterable(from)) {
  if (h.isArray(from)) {
    const len = from.length;
    from.forEach((val, i) => {
${iteration.replace('VALUE', 'val')}
    });
  } else {
    const keys = Object.keys(from);
    const len = keys.length;
    keys.forEach((key, i) => {
${iteration.replace('VALUE', 'from[key]')}
    });
  }
  if (from && from.length) h.leaveLoop(st, cid);
}
${out} += h.block(ret);
}`;
  };

  const expression = (ast: Ast): string => {
    if (ast.type !== 'math') return literal(ast);
    const [a, b] = ast.expression ?? [];
    const x = () => expression(a!);
    const y = () => expression(b!);
    switch (ast.operator) {
      case '+':
      case '-':
      case '/':
      case '%':
      case '*':
      case '||':
      case '&&':
      case '>':
      case '<':
      case '>=':
      case '<=':
        return `(${x()} ${ast.operator} ${y()})`;
      case '==':
        return `h.equal(${x()}, ${y()})`;
      case '!=':
        return `!h.equal(${x()}, ${y()})`;
      case 'minus':
        return `(-${x()})`;
      case 'not':
        return `(!${x()})`;
      case 'parenthesis':
        return `(${x()})`;
      default:
        return 'undefined';
    }
  };

  const literal = (ast: Ast | undefined): string => {
    if (!ast) return 'h.missingArgument()';
    switch (ast.type) {
      case 'string': {
        const value = String(ast.value);
        if (ast.isEval && (value.indexOf('#') !== -1 || value.indexOf('$') !== -1)) return `${evalString(value)}(st)`;
        return json(ast.value);
      }
      case 'integer':
        return numberLiteral(parseInt(ast.value, 10));
      case 'decimal':
        return numberLiteral(parseFloat(ast.value));
      case 'array':
        if (ast.isRange) {
          const [begin, end] = ast.value as Ast[];
          const bound = (v: Ast | undefined) => (v && v.type === 'references' ? reference(v, false) : (json(v) ?? 'undefined'));
          return `h.range(${bound(begin)}, ${bound(end)})`;
        }
        return `[${(ast.value as Ast[]).map((v) => literal(v)).join(', ')}]`;
      case 'map': {
        const entries = (ast.value ?? {}) as Record<string, Ast>;
        if ('forEach' in entries) throw new UnsupportedTemplateError('a map literal with a key "forEach"');
        const lines = ['const o = {};'];
        for (const key of Object.keys(entries)) lines.push(`o[${json(key)}] = ${literal(entries[key])};`);
        lines.push('return o;');
        return `${addFunction('m', 'st', lines.join('\n'))}(st)`;
      }
      case 'bool':
        return ast.value === 'null' ? 'null' : ast.value === 'false' ? 'false' : ast.value === 'true' ? 'true' : "''";
      default:
        return reference(ast, false);
    }
  };

  const evalString = (value: string): string => {
    let parsed: unknown[];
    try {
      parsed = parser.parse(value.replace(/[#]/g, '\\#'));
    } catch (error) {
      throw new UnsupportedTemplateError(`a string that does not parse: ${(error as Error).message}`);
    }
    const [statements, text] = list(parsed as Node[], 'st.condition');
    return addFunction('e', 'st', `${statements}\nreturn ${text};`);
  };

  const reference = (ast: Ast, isValue: boolean): string => {
    if (ast.type !== 'references') throw new UnsupportedTemplateError(`a value of type ${ast.type}`);
    if (ast.args !== undefined) throw new UnsupportedTemplateError('a call of a top-level reference');
    if (typeof ast.id !== 'string') throw new UnsupportedTemplateError('a reference without a name');
    noteContextUse(ast.id, ast.path?.[0]);
    noteVariableUse(ast.id, ast.path?.[0]);
    const lines = [`let v = st.context[${json(ast.id)}];`];
    if (loopNames.has(ast.id)) lines.push(`v = h.local(st, ${json(ast.id)}, v);`);
    for (const property of ast.path ?? []) {
      lines.push(`if (v === null || v === undefined) v = undefined; else v = ${attribute(property, ast)};`);
    }
    if (isValue) lines.push(`if (v === undefined) v = ${json(ast.leader === '$!' ? '' : parser.refText(ast))};`);
    lines.push(`return typeof v === 'function' ? v() : v;`);
    return `${addFunction('r', 'st', lines.join('\n'))}(st)`;
  };

  const attribute = (property: Ast, ast: Ast): string => {
    if (property.type === 'method') return `${methodFunction(property, ast)}(st, v)`;
    if (property.type === 'property') return `v[${json(property.id)}]`;
    const key = property.id as Ast;
    if (key.type === 'references') return `v[${reference(key, false)}]`;
    return `v[${json(key.value)}]`;
  };

  const methodFunction = (property: Ast, ast: Ast): string => {
    const id = String(property.id);
    const args = property.args || undefined;
    const arg = (i: number) => literal(args?.[i]);
    const lines: string[] = [];
    // The engine's correction (graphql-engine.ts): put on a value without a put method is null.
    if (id === 'put' && (args?.length ?? 0) < 2) {
      lines.push(`if (!(b !== null && typeof b === 'object' && typeof b.put === 'function')) return undefined;`);
    }
    if (id === 'get') lines.push(`if (!('get' in b)) return h.getter(b, ${arg(0)});`);
    if (id === 'set') lines.push(`if (!('set' in b)) return h.setMethod(b, ${arg(0)}, ${arg(1)});`);
    if (id.indexOf('get') === 0) lines.push(`if (!(${json(id)} in b)) return h.getter(b, ${json(id.slice(3))});`);
    if (id.indexOf('set') === 0) lines.push(`if (!b[${json(id)}]) return h.setterMethod(b, ${json(id.slice(3))}, ${arg(0)});`);
    else if (id.indexOf('is') === 0) lines.push(`if (!(${json(id)} in b)) return h.getter(b, ${json(id.slice(2))});`);
    else if (id === 'keySet') lines.push(`if (!b.keySet) return Object.keys(b);`);
    else if (id === 'entrySet') lines.push(`if (!b.entrySet) return h.entrySet(b);`);
    else if (id === 'size') lines.push(`if (!b.size) return h.size(b);`);
    else if (id === 'put') lines.push(`if (!b.put) return h.setProperty(b, ${arg(0)}, ${arg(1)});`);
    else if (id === 'add') lines.push(`if (!b.add && typeof b.push === 'function') return b.push(${arg(0)});`);
    else if (id === 'remove') lines.push(`return h.remove(b, () => ${arg(0)});`);
    else if (id === 'subList') lines.push(`if (!b.subList) return b.slice(${arg(0)}, ${arg(1)});`);
    if (id !== 'remove') {
      // A reference inside an argument has no position: the interpreter's error handler then fails itself.
      const where = ast.pos ? ` on ${parser.refText(ast)} at L/N ${ast.pos.first_line}:${ast.pos.first_column}` : null;
      lines.push(`const f = b[${json(id)}];`);
      lines.push(`return h.call(b, f, [${(args ?? []).map((a) => literal(a)).join(', ')}], ${json(where)});`);
    }
    return addFunction('c', 'st, b', lines.join('\n'));
  };

  const setFunction = (node: Ast): string => {
    const [ref, valueAst] = node.equal!;
    noteContextUse(ref.id, ref.path?.[0]);
    if (typeof ref.id === 'string') variablesSet.add(ref.id);
    const lines = ['const c = st.context;'];
    lines.push(`const val = ${valueAst.type === 'math' ? expression(valueAst) : `h.map(${literal(valueAst)}, ${json(valueAst.type)})`};`);
    if (!ref.path) {
      lines.push(`c[${json(ref.id)}] = val;`);
    } else {
      lines.push(`let b = c[${json(ref.id)}];`, `if (typeof b != 'object') b = {};`, `c[${json(ref.id)}] = b;`);
      ref.path.forEach((step, i) => {
        const key = step.type === 'index' ? (step.id ? literal(step.id as Ast) : json((step.id as Ast | undefined)?.value)) : json(step.id);
        if (i === ref.path!.length - 1) lines.push(`b[${key}] = val;`);
        else lines.push(`b = b[${key}];`, `if (b === undefined) return;`);
      });
    }
    return addFunction('t', 'st', lines.join('\n'));
  };

  const [statements, text] = list(asts as Node[], 'null');
  const render = `return function render(st) {\n${statements}\nreturn ${text};\n};`;
  const pure =
    !impure && contextReads !== undefined && [...contextReads].every((name) => INPUTS.has(name)) && [...variablesRead].every((id) => variablesSet.has(id));
  return { source: `${functions.join('\n')}\n${render}`, contextReads, pure };
}
