// Reads an audit policy file as kube-apiserver does: YAML or JSON, `audit.k8s.io/v1` `Policy`,
// strict (an unknown field is refused, so a typo such as `resource:` cannot silently widen or
// narrow what is logged), every problem reported with its field path.
import { promises as fs } from 'fs';
import { parse } from 'yaml';
import { type GroupResources, LEVELS, type Level, type Policy, type PolicyRule, STAGES, type Stage } from './policy';

/** A policy refused at start; the message names the file and every bad field. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

type Fields = Record<string, unknown>;

class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
}

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export async function readPolicyFile(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new PolicyError(`audit policy ${file}: ${(err as Error).message}`);
  }
  return parsePolicy(text, `audit policy ${file}`);
}

/** The policy in `text` (YAML or JSON), or a PolicyError listing every problem. */
export function parsePolicy(text: string, source = 'audit policy'): Policy {
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: true });
  } catch (err) {
    throw new PolicyError(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const problems = new Problems();
  const policy = policyOf(doc, problems);
  if (problems.list.length) throw new PolicyError(`${source}: ${problems.list.join('; ')}`);
  return policy;
}

function policyOf(doc: unknown, problems: Problems): Policy {
  const empty: Policy = { rules: [], omitStages: [], omitManagedFields: false };
  if (!isObject(doc)) {
    problems.add('<root>', 'Invalid value: expected a Policy object');
    return empty;
  }
  unknownFields(doc, ['apiVersion', 'kind', 'metadata', 'rules', 'omitStages', 'omitManagedFields'], '', problems);
  if (doc.apiVersion !== 'audit.k8s.io/v1')
    problems.add('apiVersion', `Unsupported value: ${JSON.stringify(doc.apiVersion ?? '')}: supported values: "audit.k8s.io/v1"`);
  if (doc.kind !== 'Policy') problems.add('kind', `Unsupported value: ${JSON.stringify(doc.kind ?? '')}: supported values: "Policy"`);
  const rules = list(doc.rules, 'rules', problems);
  if (!rules.length) problems.add('rules', 'Required value: a policy needs at least one rule');
  return {
    rules: rules.map((rule, i) => ruleOf(rule, `rules[${i}]`, problems)),
    omitStages: stages(doc.omitStages, 'omitStages', problems),
    omitManagedFields: bool(doc.omitManagedFields, 'omitManagedFields', problems) ?? false,
  };
}

const RULE_FIELDS = [
  'level',
  'users',
  'userGroups',
  'verbs',
  'resources',
  'namespaces',
  'nonResourceURLs',
  'omitStages',
  'omitManagedFields',
];

function ruleOf(raw: unknown, path: string, problems: Problems): PolicyRule {
  const r: Fields = isObject(raw) ? raw : {};
  if (!isObject(raw)) problems.add(path, 'Invalid value: expected a rule object');
  unknownFields(r, RULE_FIELDS, `${path}.`, problems);
  if (r.level === undefined) problems.add(`${path}.level`, 'Required value');
  else if (!LEVELS.includes(r.level as Level))
    problems.add(`${path}.level`, `Unsupported value: ${JSON.stringify(r.level)}: supported values: ${quoted(LEVELS)}`);
  const rule: PolicyRule = {
    level: (LEVELS.includes(r.level as Level) ? r.level : 'None') as Level,
    users: strings(r.users, `${path}.users`, problems),
    userGroups: strings(r.userGroups, `${path}.userGroups`, problems),
    verbs: strings(r.verbs, `${path}.verbs`, problems),
    resources: list(r.resources, `${path}.resources`, problems).map((g, i) => groupOf(g, `${path}.resources[${i}]`, problems)),
    namespaces: strings(r.namespaces, `${path}.namespaces`, problems),
    nonResourceURLs: strings(r.nonResourceURLs, `${path}.nonResourceURLs`, problems),
    omitStages: stages(r.omitStages, `${path}.omitStages`, problems),
    omitManagedFields: bool(r.omitManagedFields, `${path}.omitManagedFields`, problems),
  };
  if (rule.nonResourceURLs.length && (rule.resources.length || rule.namespaces.length))
    problems.add(`${path}.nonResourceURLs`, 'Invalid value: rules cannot apply to both regular resources and non-resource URLs');
  rule.nonResourceURLs.forEach((url, i) => {
    if (url === '*') return;
    if (!url.startsWith('/'))
      problems.add(`${path}.nonResourceURLs[${i}]`, `Invalid value: "${url}": non-resource URL rules must begin with a '/' character`);
    if (url.slice(0, -1).includes('*'))
      problems.add(
        `${path}.nonResourceURLs[${i}]`,
        `Invalid value: "${url}": non-resource URL wildcards '*' must be the final character of the rule`,
      );
  });
  return rule;
}

function groupOf(raw: unknown, path: string, problems: Problems): GroupResources {
  const g: Fields = isObject(raw) ? raw : {};
  if (!isObject(raw)) problems.add(path, 'Invalid value: expected {group, resources, resourceNames}');
  unknownFields(g, ['group', 'resources', 'resourceNames'], `${path}.`, problems);
  const group = g.group === undefined ? '' : g.group;
  if (typeof group !== 'string') problems.add(`${path}.group`, 'Invalid value: expected a string');
  else if (group && !DNS_SUBDOMAIN.test(group))
    problems.add(`${path}.group`, `Invalid value: "${group}": an API group is a DNS subdomain, without a version`);
  const resources = strings(g.resources, `${path}.resources`, problems);
  const resourceNames = strings(g.resourceNames, `${path}.resourceNames`, problems);
  if (resourceNames.length && !resources.length)
    problems.add(`${path}.resourceNames`, 'Invalid value: using resourceNames requires at least one resource');
  return { group: typeof group === 'string' ? group : '', resources, resourceNames };
}

function unknownFields(o: Fields, known: string[], prefix: string, problems: Problems): void {
  for (const key of Object.keys(o)) if (!known.includes(key)) problems.add(`${prefix}${key}`, 'Unknown field');
}

function list(v: unknown, path: string, problems: Problems): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  problems.add(path, 'Invalid value: expected a list');
  return [];
}

function strings(v: unknown, path: string, problems: Problems): string[] {
  return list(v, path, problems).filter((s, i): s is string => {
    if (typeof s !== 'string') problems.add(`${path}[${i}]`, 'Invalid value: expected a string');
    return typeof s === 'string';
  });
}

function stages(v: unknown, path: string, problems: Problems): Stage[] {
  return strings(v, path, problems).filter((s, i): s is Stage => {
    const ok = STAGES.includes(s as Stage);
    if (!ok) problems.add(`${path}[${i}]`, `Unsupported value: "${s}": supported values: ${quoted(STAGES)}`);
    return ok;
  });
}

function bool(v: unknown, path: string, problems: Problems): boolean | undefined {
  if (v === undefined || v === null || typeof v === 'boolean') return v ?? undefined;
  problems.add(path, 'Invalid value: expected true or false');
  return undefined;
}

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
