// Enforces the module boundaries: libs are imported only through their `@stevedore/*` alias
// (their index.ts), never by reaching into another project's files, and only along the
// tag constraints in module-boundaries.json (e.g. the agent never imports the control plane).
import * as fs from 'fs';
import * as path from 'path';

export interface Project {
  name: string;
  root: string;
  tags: string[];
}
interface Constraint {
  sourceTag: string;
  onlyDependOnLibsWithTags?: string[];
  notDependOnLibsWithTags?: string[];
}
export interface Violation {
  file: string;
  line: number;
  message: string;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function loadProjects(repo: string): Project[] {
  const projects: Project[] = [];
  for (const kind of ['apps', 'libs']) {
    const dir = path.join(repo, kind);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name, 'project.json');
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; tags?: string[] };
      projects.push({ name: json.name, root: path.join(kind, name), tags: json.tags ?? [] });
    }
  }
  return projects;
}

/** Maps `@stevedore/x` aliases to the project whose index.ts they name. */
function aliasTargets(repo: string, projects: Project[]): Map<string, Project> {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(repo, 'tsconfig.json'), 'utf8'));
  const paths = tsconfig.compilerOptions.paths as Record<string, string[]>;
  const map = new Map<string, Project>();
  for (const [alias, [target]] of Object.entries(paths)) {
    const owner = projects.find((p) => target !== undefined && target.startsWith(p.root + '/'));
    if (owner) map.set(alias, owner);
  }
  return map;
}

function allowed(source: Project, target: Project, constraints: Constraint[]): string | undefined {
  for (const c of constraints) {
    if (!source.tags.includes(c.sourceTag)) continue;
    if (c.onlyDependOnLibsWithTags && !target.tags.some((t) => c.onlyDependOnLibsWithTags!.includes(t))) {
      return `${source.name} (${c.sourceTag}) may only import projects tagged ${c.onlyDependOnLibsWithTags.join(', ')}; ${target.name} is ${target.tags.join(', ')}`;
    }
    const banned = target.tags.find((t) => c.notDependOnLibsWithTags?.includes(t));
    if (banned) return `${source.name} (${c.sourceTag}) must not import projects tagged ${banned} (${target.name})`;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

export function checkBoundaries(repo: string): Violation[] {
  const projects = loadProjects(repo);
  const aliases = aliasTargets(repo, projects);
  const { depConstraints } = JSON.parse(fs.readFileSync(path.join(__dirname, 'module-boundaries.json'), 'utf8'));
  const violations: Violation[] = [];
  for (const project of projects) {
    for (const file of sourceFiles(path.join(repo, project.root))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        const line = text.slice(0, m.index).split('\n').length;
        const where = { file: path.relative(repo, file), line };
        const message = checkImport(repo, project, file, spec, projects, aliases, depConstraints);
        if (message) violations.push({ ...where, message });
      }
    }
  }
  return violations;
}

function checkImport(
  repo: string,
  project: Project,
  file: string,
  spec: string,
  projects: Project[],
  aliases: Map<string, Project>,
  constraints: Constraint[],
): string | undefined {
  if (spec.startsWith('.')) {
    const resolved = path.relative(repo, path.resolve(path.dirname(file), spec));
    if (!resolved.startsWith(project.root + '/') && resolved !== project.root) {
      return `relative import '${spec}' leaves ${project.root}; import the other project through its @stevedore alias`;
    }
    return undefined;
  }
  if (spec.startsWith('@stevedore/')) {
    const target = aliases.get(spec);
    if (!target) return `'${spec}' is not a public entry point (deep imports into another project are not allowed)`;
    if (target === project) return `'${spec}' imports its own project through the alias; use a relative path`;
    return allowed(project, target, constraints);
  }
  const deep = projects.find((p) => spec.includes(`${p.root}/`));
  return deep ? `'${spec}' reaches into ${deep.root}` : undefined;
}
