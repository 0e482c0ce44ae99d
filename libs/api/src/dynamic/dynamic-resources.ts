// Kinds defined at run time (by CustomResourceDefinitions): the strategies each owner serves,
// replaced whole when its definition changes. The lookups in ../find-resource consult these after
// the built-in kinds, so the REST handler, discovery and OpenAPI serve them with no kind names.
import type { ResourceStrategy } from '../strategy';

type Listener = () => void;

export class DynamicResources {
  private readonly byOwner = new Map<string, readonly ResourceStrategy[]>();
  private readonly listeners = new Set<Listener>();

  /** Serves `strategies` for `owner` (a CRD's name), in place of what it served before. */
  replace(owner: string, strategies: readonly ResourceStrategy[]): void {
    if (strategies.length === 0) this.byOwner.delete(owner);
    else this.byOwner.set(owner, strategies);
    for (const listener of this.listeners) listener();
  }

  remove(owner: string): void {
    this.replace(owner, []);
  }

  owners(): string[] {
    return [...this.byOwner.keys()];
  }

  all(): ResourceStrategy[] {
    return [...this.byOwner.values()].flat();
  }

  /** Called after every change (documents built from the served kinds are rebuilt). */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The one registry of the process: the API server serves whatever its CRD controller put here. */
export const dynamicResources = new DynamicResources();
