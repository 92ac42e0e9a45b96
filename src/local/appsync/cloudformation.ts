// A small CloudFormation evaluator: enough of the intrinsic functions to read the transformer's
// root stack and nested stacks the way CloudFormation resolves them at deploy time (Ref,
// Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If and the condition functions, nested
// stack parameters and outputs). Values are computed lazily and memoized, because a nested stack's
// parameters refer to other nested stacks' outputs.

export type CfnValue = unknown;

export interface CfnTemplate {
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Conditions?: Record<string, CfnValue>;
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: CfnValue }>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, CfnValue>;
  Condition?: string;
}

export class CloudFormationError extends Error {
  override name = 'CloudFormationError';
}

/** What a deployment would supply: pseudo parameters and the ids AWS generates for resources. */
export interface DeploymentContext {
  region: string;
  accountId: string;
  /**
   * The physical id (`Ref`) or an attribute (`Fn::GetAtt`) of a resource whose value AWS generates
   * (an API id, a function id, an ARN); undefined when unknown.
   */
  generatedValue(stackName: string, logicalId: string, resource: CfnResource, attribute: string): string | undefined;
}

export interface EvaluatedStack {
  /** `root`, or the logical id of the nested stack resource in the root stack. */
  name: string;
  template: CfnTemplate;
  /** A value of this stack's template with every intrinsic function resolved in this stack's scope. */
  evaluate(value: CfnValue): unknown;
  /** Whether a resource is created once its Condition is applied. */
  exists(logicalId: string): boolean;
}

/** AWS::NoValue: the property is left out of its object or list. */
const NO_VALUE = Symbol('AWS::NoValue');

interface StackScope extends EvaluatedStack {
  output(name: string): unknown;
}

/**
 * The root stack and every nested stack it declares (an AWS::CloudFormation::Stack whose TemplateURL
 * ends with the file name of a template in `nested`), root first.
 */
export function evaluateStacks(options: {
  root: CfnTemplate;
  nested: Record<string, CfnTemplate>;
  parameters: Record<string, unknown>;
  context: DeploymentContext;
}): EvaluatedStack[] {
  const stacks = new Map<string, StackScope>();

  const root = createScope('root', options.root, (name) => parameterDefault(options.root, name, options.parameters, 'root'));
  stacks.set('root', root);
  for (const [logicalId, resource] of Object.entries(options.root.Resources ?? {})) {
    if (resource.Type === 'AWS::CloudFormation::Stack' && root.exists(logicalId)) nestedScope(root, logicalId);
  }
  return [...stacks.values()];

  function nestedScope(parent: StackScope, logicalId: string): StackScope {
    const existing = stacks.get(logicalId);
    if (existing) return existing;
    const resource = parent.template.Resources?.[logicalId];
    if (!resource) throw new CloudFormationError(`stack ${parent.name}: no resource named ${logicalId}`);
    const url = String(parent.evaluate(resource.Properties?.TemplateURL));
    const fileName = url.slice(url.lastIndexOf('/') + 1);
    const template = options.nested[fileName];
    if (!template) throw new CloudFormationError(`nested stack ${logicalId} uses ${fileName}, which is not among the stacks`);
    const given = (resource.Properties?.Parameters ?? {}) as Record<string, CfnValue>;
    const scope = createScope(logicalId, template, (name) =>
      name in given ? parent.evaluate(given[name]) : parameterDefault(template, name, {}, logicalId),
    );
    stacks.set(logicalId, scope);
    return scope;
  }

  function createScope(name: string, template: CfnTemplate, parameter: (name: string) => unknown): StackScope {
    const memo = new Map<string, unknown>();
    const inProgress = new Set<string>();
    const memoized = <T>(key: string, compute: () => T): T => {
      if (memo.has(key)) return memo.get(key) as T;
      if (inProgress.has(key)) throw new CloudFormationError(`stack ${name}: circular reference through ${key}`);
      inProgress.add(key);
      try {
        const value = compute();
        memo.set(key, value);
        return value;
      } finally {
        inProgress.delete(key);
      }
    };

    const resourceNamed = (logicalId: string): CfnResource => {
      const found = template.Resources?.[logicalId];
      if (!found) throw new CloudFormationError(`stack ${name}: no resource or parameter named ${logicalId}`);
      return found;
    };

    const condition = (conditionName: string): boolean =>
      memoized(`Condition:${conditionName}`, () => {
        const definition = template.Conditions?.[conditionName];
        if (definition === undefined) throw new CloudFormationError(`stack ${name}: no condition named ${conditionName}`);
        return asBoolean(evaluate(definition), `condition ${conditionName}`);
      });

    const ref = (target: string): unknown => {
      switch (target) {
        case 'AWS::Region':
          return options.context.region;
        case 'AWS::AccountId':
          return options.context.accountId;
        case 'AWS::URLSuffix':
          return 'amazonaws.com';
        case 'AWS::Partition':
          return 'aws';
        case 'AWS::StackName':
          return name;
        case 'AWS::StackId':
          return `arn:aws:cloudformation:${options.context.region}:${options.context.accountId}:stack/${name}/local`;
        case 'AWS::NoValue':
          return NO_VALUE;
      }
      if (template.Parameters && target in template.Parameters) return memoized(`Parameter:${target}`, () => parameter(target));
      return memoized(`Ref:${target}`, () => resourceValue(target, 'Ref'));
    };

    const resourceValue = (logicalId: string, attribute: string): unknown => {
      const resource = resourceNamed(logicalId);
      if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
        return nestedScope(scope, logicalId).output(attribute.slice('Outputs.'.length));
      }
      // A name the template sets itself is the physical name CloudFormation gives the resource.
      if (attribute === 'Ref' && resource.Type === 'AWS::DynamoDB::Table' && resource.Properties?.TableName !== undefined) {
        return evaluate(resource.Properties.TableName);
      }
      if (attribute === 'Name' && (resource.Type === 'AWS::AppSync::DataSource' || resource.Type === 'AWS::AppSync::FunctionConfiguration')) {
        return evaluate(resource.Properties?.Name);
      }
      const value = options.context.generatedValue(name, logicalId, resource, attribute);
      if (value === undefined) throw new CloudFormationError(`stack ${name}: cannot resolve ${attribute} of ${logicalId} (${resource.Type})`);
      return value;
    };

    const getAtt = (args: CfnValue): unknown => {
      let logicalId: string;
      let attribute: string;
      if (typeof args === 'string') {
        const dot = args.indexOf('.');
        if (dot < 0) throw new CloudFormationError(`stack ${name}: malformed Fn::GetAtt ${args}`);
        logicalId = args.slice(0, dot);
        attribute = args.slice(dot + 1);
      } else if (Array.isArray(args) && args.length === 2) {
        logicalId = asString(evaluate(args[0]), 'Fn::GetAtt resource');
        attribute = asString(evaluate(args[1]), 'Fn::GetAtt attribute');
      } else {
        throw new CloudFormationError(`stack ${name}: malformed Fn::GetAtt ${JSON.stringify(args)}`);
      }
      return memoized(`GetAtt:${logicalId}.${attribute}`, () => resourceValue(logicalId, attribute));
    };

    const sub = (args: CfnValue): string => {
      const [text, variables] = Array.isArray(args) ? [args[0], (args[1] ?? {}) as Record<string, CfnValue>] : [args, {}];
      return asString(text, 'Fn::Sub template').replace(/\$\{(!?)([^}]+)\}/g, (_match, literal: string, expression: string) => {
        if (literal) return `\${${expression}}`;
        if (expression in variables) return asString(evaluate(variables[expression]), `Fn::Sub variable ${expression}`);
        if (expression.includes('.') && !expression.startsWith('AWS::')) return asString(getAtt(expression), `Fn::Sub ${expression}`);
        return asString(ref(expression), `Fn::Sub ${expression}`);
      });
    };

    function evaluate(value: CfnValue): unknown {
      if (Array.isArray(value)) return value.map(evaluate).filter((item) => item !== NO_VALUE);
      if (value === null || typeof value !== 'object') return value;
      const entries = Object.entries(value as Record<string, CfnValue>);
      if (entries.length === 1) {
        const [key, args] = entries[0]!;
        switch (key) {
          case 'Ref':
            return ref(asString(args, 'Ref'));
          case 'Fn::GetAtt':
            return getAtt(args);
          case 'Fn::Join': {
            const [separator, parts] = args as [string, CfnValue];
            return asList(evaluate(parts), 'Fn::Join').map((part) => asString(part, 'Fn::Join part')).join(separator);
          }
          case 'Fn::Sub':
            return sub(args);
          case 'Fn::Select': {
            const [index, list] = args as [CfnValue, CfnValue];
            const items = asList(evaluate(list), 'Fn::Select');
            const i = Number(evaluate(index));
            if (!(i >= 0 && i < items.length)) throw new CloudFormationError(`stack ${name}: Fn::Select index ${i} is out of range`);
            return items[i];
          }
          case 'Fn::Split': {
            const [separator, text] = args as [string, CfnValue];
            return asString(evaluate(text), 'Fn::Split source').split(separator);
          }
          case 'Fn::If': {
            const [conditionName, whenTrue, whenFalse] = args as [string, CfnValue, CfnValue];
            return evaluate(condition(conditionName) ? whenTrue : whenFalse);
          }
          case 'Fn::Equals': {
            const [a, b] = args as [CfnValue, CfnValue];
            return String(evaluate(a)) === String(evaluate(b));
          }
          case 'Fn::Not':
            return !asBoolean(evaluate(asList(args, 'Fn::Not')[0]), 'Fn::Not');
          case 'Fn::And':
            return asList(args, 'Fn::And').every((item) => asBoolean(evaluate(item), 'Fn::And'));
          case 'Fn::Or':
            return asList(args, 'Fn::Or').some((item) => asBoolean(evaluate(item), 'Fn::Or'));
          case 'Condition':
            return condition(asString(args, 'Condition'));
          default:
            if (key.startsWith('Fn::')) throw new CloudFormationError(`stack ${name}: ${key} is not supported by the local evaluator`);
        }
      }
      const result: Record<string, unknown> = {};
      for (const [key, item] of entries) {
        const evaluated = evaluate(item);
        if (evaluated !== NO_VALUE) result[key] = evaluated;
      }
      return result;
    }

    const scope: StackScope = {
      name,
      template,
      evaluate,
      exists: (logicalId) => {
        const conditionName = resourceNamed(logicalId).Condition;
        return conditionName === undefined || condition(conditionName);
      },
      output: (outputName) =>
        memoized(`Output:${outputName}`, () => {
          const definition = template.Outputs?.[outputName];
          if (!definition) throw new CloudFormationError(`stack ${name}: no output named ${outputName}`);
          return evaluate(definition.Value);
        }),
    };
    return scope;
  }
}

function parameterDefault(template: CfnTemplate, name: string, given: Record<string, unknown>, stackName: string): unknown {
  if (given[name] !== undefined) return given[name];
  const definition = template.Parameters?.[name];
  if (definition && 'Default' in definition) return definition.Default;
  throw new CloudFormationError(`stack ${stackName}: parameter ${name} has no value and no default`);
}

function asString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new CloudFormationError(`${what} must be a string, got ${JSON.stringify(value)}`);
}

function asList(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new CloudFormationError(`${what} needs a list, got ${JSON.stringify(value)}`);
}

function asBoolean(value: unknown, what: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new CloudFormationError(`${what} must be a boolean, got ${JSON.stringify(value)}`);
}
