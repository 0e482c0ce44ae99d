// kube-apiserver's EncryptionConfiguration (apiserver.config.k8s.io/v1), as given to
// --encryption-provider-config: which resources are encrypted at rest, and with which keys.
import { promises as fs } from 'fs';
import { parse } from 'yaml';
import { ProviderChain } from './provider-chain';
import { isRecord, parseProvider } from './provider-config';
import type { GroupResource } from './resource-of-key';

const API_VERSION = 'apiserver.config.k8s.io/v1';
const KIND = 'EncryptionConfiguration';

/** The file is refused as a whole, with every problem found, before anything is stored. */
export class EncryptionConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid encryption provider config ${source}: ${problems.join('; ')}`);
    this.name = 'EncryptionConfigError';
  }
}

/** A resource pattern: `secrets` (core), `deployments.apps`, `*.apps`, `*.` (all core) or `*.*`. */
interface Pattern {
  resource: string;
  group: string;
}

interface Rule {
  patterns: Pattern[];
  chain: ProviderChain;
}

export class EncryptionConfig {
  constructor(private readonly rules: readonly Rule[]) {}

  /** The providers of the first rule naming the resource; undefined when it is stored as plaintext. */
  chainFor(target: GroupResource): ProviderChain | undefined {
    return this.rules.find((rule) => rule.patterns.some((p) => matches(p, target)))?.chain;
  }

  /** Every rule's providers, for values whose resource a key prefix does not tell. */
  get chains(): ProviderChain[] {
    return this.rules.map((rule) => rule.chain);
  }
}

function matches(pattern: Pattern, target: GroupResource): boolean {
  return (pattern.group === '*' || pattern.group === target.group) && (pattern.resource === '*' || pattern.resource === target.resource);
}

export async function loadEncryptionConfig(file: string): Promise<EncryptionConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new EncryptionConfigError(file, [`cannot read it: ${(err as Error).message}`]);
  }
  return parseEncryptionConfig(text, file);
}

export function parseEncryptionConfig(text: string, source: string): EncryptionConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    throw new EncryptionConfigError(source, [`not YAML or JSON: ${(err as Error).message.split('\n')[0]}`]);
  }
  const errors: string[] = [];
  if (!isRecord(document)) throw new EncryptionConfigError(source, ['must be a mapping']);
  if (document.apiVersion !== API_VERSION || document.kind !== KIND) {
    errors.push(`apiVersion/kind: must be ${API_VERSION} ${KIND}, not ${String(document.apiVersion)} ${String(document.kind)}`);
  }
  const entries = document.resources;
  if (!Array.isArray(entries) || entries.length === 0) errors.push('resources: Required value: at least one entry is needed');
  const seen = new Set<string>();
  const rules = (Array.isArray(entries) ? entries : []).map((entry: unknown, i) => parseRule(entry, `resources[${i}]`, seen, errors));
  if (errors.length) throw new EncryptionConfigError(source, errors);
  return new EncryptionConfig(rules);
}

function parseRule(entry: unknown, path: string, seen: Set<string>, errors: string[]): Rule {
  const names = isRecord(entry) ? entry.resources : undefined;
  const providers = isRecord(entry) ? entry.providers : undefined;
  const patterns: Pattern[] = [];
  if (!Array.isArray(names) || names.length === 0) errors.push(`${path}.resources: Required value: name at least one resource`);
  else {
    names.forEach((name: unknown, i) => {
      const pattern = parsePattern(name, `${path}.resources[${i}]`, errors);
      if (!pattern) return;
      if (seen.has(String(name))) errors.push(`${path}.resources[${i}]: Duplicate value: ${JSON.stringify(name)} is listed twice`);
      seen.add(String(name));
      patterns.push(pattern);
    });
  }
  if (!Array.isArray(providers) || providers.length === 0) {
    errors.push(`${path}.providers: Required value: at least one provider is needed`);
    return { patterns, chain: new ProviderChain([]) };
  }
  return { patterns, chain: new ProviderChain(providers.flatMap((p: unknown, i) => parseProvider(p, `${path}.providers[${i}]`, errors))) };
}

const NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?|\*)$/;
const GROUP = /^(\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$/;

function parsePattern(name: unknown, path: string, errors: string[]): Pattern | undefined {
  if (typeof name !== 'string' || !name) {
    errors.push(`${path}: Required value`);
    return undefined;
  }
  const dot = name.indexOf('.');
  const resource = dot < 0 ? name : name.slice(0, dot);
  const group = dot < 0 ? '' : name.slice(dot + 1);
  if (name === '*') {
    errors.push(`${path}: Invalid value: "*": use "*." for every resource of the core group or "*.*" for all resources`);
    return undefined;
  }
  if (!NAME.test(resource) || !GROUP.test(group) || (group === '*' && resource !== '*')) {
    errors.push(`${path}: Invalid value: ${JSON.stringify(name)}: must be a lowercase resource, resource.group, *.group, *. or *.*`);
    return undefined;
  }
  return { resource, group };
}
