// `docker build` on the node: plan the stages, then run each step against the node's image store
// and runtime. Every step makes an untagged image (its parent and cache key recorded); a step
// whose key is already in the store is reused and shown as CACHED. Only a build that succeeds
// tags its image; a failed one leaves no tag and no container behind.
import { canonical, familiar, type ImageRecord, type ImageService, parseReference } from '@stevedore/oci';
import type { ContainerRuntime } from '@stevedore/runtime';
import { promises as fs } from 'fs';
import * as path from 'path';
import { cacheKey } from './cache-key';
import { applyConfigStep, commandOf } from './config-steps';
import { BuildContext, SourceError } from './context/build-context';
import { prepareCopy } from './copy-step';
import { BuildError, type Instruction, type ParsedDockerfile, parseDockerfile } from './dockerfile/parse-dockerfile';
import { processWord } from './dockerfile/shell-words';
import { type BuildPlan, planBuild, type StagePlan, stageIndex } from './plan';
import { BUILD_LABEL, runStep } from './run-step';
import { argsPrefix, runEnv, type StageState, substitutionVars } from './stage-state';

export interface BuildRequest {
  /** The build context: a directory on this node. */
  contextDir: string;
  /** The Dockerfile; relative paths are taken from the context (default CONTEXT/Dockerfile). */
  dockerfile?: string;
  /** NAME[:TAG] references given to the result. */
  tags?: string[];
  buildArgs?: Record<string, string>;
  /** Stage to build (name or number); default the last. */
  target?: string;
  /** Run every step even when the cache has it. */
  noCache?: boolean;
}

export type Output = (text: string) => void;

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

interface Run {
  req: BuildRequest;
  out: Output;
  signal?: AbortSignal;
  file: string;
  df: ParsedDockerfile;
  plan: BuildPlan;
  context: BuildContext;
  built: Map<number, string | undefined>;
  consumed: Set<string>;
}

export class ImageBuilder {
  /** Containers of builds in progress; any other build container is a leftover of a crashed agent. */
  private readonly active = new Set<string>();

  constructor(
    private readonly images: ImageService,
    private readonly runtime: ContainerRuntime,
    private readonly opts: { workDir: string },
  ) {}

  /** Builds and tags; resolves to the image ID. Fails with a BuildError naming the Dockerfile line. */
  async build(req: BuildRequest, out: Output, signal?: AbortSignal): Promise<string> {
    const tags = (req.tags ?? []).map((t) => {
      const ref = parseReference(t);
      if (ref.digest) throw new BuildError(`invalid tag "${t}": a tag cannot name a digest`);
      return ref;
    });
    const dockerfile = path.resolve(req.contextDir, req.dockerfile || 'Dockerfile');
    const text = await fs.readFile(dockerfile, 'utf8').catch((err: Error) => {
      throw new BuildError(`cannot read the Dockerfile ${dockerfile}: ${err.message}`);
    });
    const file = path.basename(dockerfile);
    const df = parseDockerfile(text, file);
    const plan = planBuild(df, { buildArgs: req.buildArgs, target: req.target });
    const context = await BuildContext.open(req.contextDir).catch((err: Error) => {
      throw new BuildError(err.message);
    });
    await this.removeLeftovers();
    const run: Run = {
      req,
      out,
      signal,
      file,
      df,
      plan,
      context,
      built: new Map(),
      consumed: new Set(df.globalArgs.flatMap((a) => a.props.map((p) => p.name))),
    };
    let step = 0;
    for (const stage of plan.stages) {
      out(`Step ${++step}/${plan.totalSteps} : ${stage.from.text}\n`);
      const state = await this.baseState(run, stage);
      for (const i of stage.steps) {
        if (signal?.aborted) throw new BuildError(`${file}:${i.line}: the build was cancelled`);
        out(`Step ${++step}/${plan.totalSteps} : ${i.text}\n`);
        await this.step(run, stage, i, state).catch((err: Error) => {
          if (err instanceof BuildError && err.message.startsWith(`${file}:`)) throw err;
          const prefix = err instanceof SourceError || !(err instanceof BuildError) ? `${i.keyword} failed: ` : '';
          throw new BuildError(`${file}:${i.line}: ${prefix}${err.message}`, err instanceof BuildError ? err.exitCode : 1);
        });
      }
      run.built.set(stage.index, state.imageId);
    }
    const unused = Object.keys(req.buildArgs ?? {}).filter((a) => !run.consumed.has(a));
    if (unused.length) out(`[Warning] One or more build-args [${unused.join(' ')}] were not consumed\n`);
    const id = run.built.get(plan.stages[plan.stages.length - 1]!.index);
    if (!id) throw new BuildError('the build made no image: its last stage is FROM scratch with no step that adds anything');
    out(`Successfully built ${short(id)}\n`);
    for (const ref of tags) {
      await this.images.tag(id, canonical(ref));
      out(`Successfully tagged ${familiar(ref)}\n`);
    }
    return id;
  }

  private async removeLeftovers(): Promise<void> {
    for (const c of await this.runtime.list({ labels: { [BUILD_LABEL]: 'true' } }))
      if (!this.active.has(c.id)) await this.runtime.remove(c.id, { force: true });
  }

  private adopt(state: StageState, record: ImageRecord): void {
    state.imageId = record.id;
    state.config = structuredClone(record.config.config ?? {});
    state.lowerDirs = this.images.rootfsFor(record.id).lowerDirs;
  }

  private async image(ref: string, out: Output): Promise<ImageRecord> {
    if (this.images.has(ref)) return this.images.resolve(ref);
    out(`Pulling ${ref}\n`);
    return this.images.pull(ref);
  }

  private async baseState(run: Run, stage: StagePlan): Promise<StageState> {
    const state: StageState = { config: {}, args: new Map(), cmdSet: false, lowerDirs: [] };
    const base = stage.base;
    const id =
      base.kind === 'stage' ? run.built.get(base.index) : base.kind === 'image' ? (await this.image(base.ref, run.out)).id : undefined;
    if (id) {
      this.adopt(state, this.images.resolve(id));
      run.out(` ---> ${short(id)}\n`);
    }
    return state;
  }

  /** The layers (top first) of an earlier stage or an image, for COPY --from. */
  private async layersOf(run: Run, stage: StagePlan, from: string): Promise<string[]> {
    const index = stageIndex(
      run.plan.names.map((name) => ({ name })),
      from,
      stage.index,
    );
    const id = index !== undefined ? run.built.get(index) : (await this.image(from, run.out)).id;
    return id ? this.images.rootfsFor(id).lowerDirs : [];
  }

  private async step(run: Run, stage: StagePlan, i: Instruction, state: StageState): Promise<void> {
    switch (i.keyword) {
      case 'RUN':
        return this.runInstruction(run, i, state);
      case 'COPY':
      case 'ADD':
        return this.copyInstruction(run, stage, i, state);
      case 'ARG':
        return this.argInstruction(run, i, state);
      default: {
        const change = applyConfigStep(i, state, run.df.escape);
        await this.commit(run, state, { createdBy: change.createdBy, config: change.config });
        if (change.cmdSet) state.cmdSet = true;
      }
    }
  }

  private async argInstruction(run: Run, i: Instruction, state: StageState): Promise<void> {
    const vars = substitutionVars(state);
    const shown: string[] = [];
    for (const p of i.props) {
      run.consumed.add(p.name);
      const value =
        run.req.buildArgs?.[p.name] ?? (p.raw !== undefined ? processWord(p.raw, vars, run.df.escape) : run.plan.globalArgs.get(p.name));
      if (value === undefined) state.args.delete(p.name);
      else state.args.set(p.name, value);
      shown.push(value === undefined ? p.name : `${p.name}=${value}`);
    }
    if (!shown.length) throw new BuildError(`${run.file}:${i.line}: ARG requires exactly one argument`);
    await this.commit(run, state, { createdBy: `ARG ${shown.join(' ')}`, config: state.config });
  }

  /**
   * Reuses the image the cache has for this step, or makes it: with a layer from `layer()` (a
   * directory packed as the layer, and what to do once it is committed) or only a new config.
   */
  private async commit(
    run: Run,
    state: StageState,
    step: {
      createdBy: string;
      config: StageState['config'];
      contentDigest?: string;
      layer?: () => Promise<{ dir: string; done(): Promise<void> }>;
    },
  ): Promise<void> {
    const key = cacheKey({ parentId: state.imageId, createdBy: step.createdBy, contentDigest: step.contentDigest });
    const hit = run.req.noCache ? undefined : this.images.cached(key);
    if (hit) {
      run.out(' ---> CACHED\n');
      this.adopt(state, hit);
    } else {
      const layer = await step.layer?.();
      try {
        const record = await this.images.buildStep({
          parentId: state.imageId,
          upperDir: layer?.dir,
          config: step.config,
          createdBy: step.createdBy,
          cacheKey: key,
        });
        this.adopt(state, record);
      } finally {
        await layer?.done();
      }
    }
    run.out(` ---> ${short(state.imageId!)}\n`);
  }

  private async runInstruction(run: Run, i: Instruction, state: StageState): Promise<void> {
    const args = commandOf(i, state.config);
    const createdBy = `RUN ${argsPrefix(state)}${args.join(' ')}`;
    await this.commit(run, state, {
      createdBy,
      config: state.config,
      layer: async () => {
        let created = '';
        const c = await runStep(
          this.runtime,
          {
            imageId: state.imageId ?? '',
            lowerDirs: state.lowerDirs,
            args,
            env: runEnv(state),
            cwd: state.config.WorkingDir || '/',
            user: state.config.User,
          },
          run.out,
          // Known as this build's from its creation on, so a concurrent build never takes it for a leftover.
          (id) => {
            created = id;
            this.active.add(id);
          },
          run.signal,
        ).catch((err: Error) => {
          this.active.delete(created);
          throw err;
        });
        const done = async () => {
          await c.remove();
          this.active.delete(c.id);
          run.out(`Removing intermediate container ${c.id.slice(0, 12)}\n`);
        };
        if (c.exitCode !== 0) {
          await done();
          throw new BuildError(
            `${run.file}:${i.line}: RUN failed: the command '${args.join(' ')}' returned a non-zero code: ${c.exitCode}`,
            c.exitCode,
          );
        }
        return { dir: c.upperDir, done };
      },
    });
  }

  private async copyInstruction(run: Run, stage: StagePlan, i: Instruction, state: StageState): Promise<void> {
    const copy = await prepareCopy(i, state, {
      context: run.context,
      escape: run.df.escape,
      layersOf: (from) => this.layersOf(run, stage, from),
    });
    try {
      await this.commit(run, state, {
        createdBy: copy.createdBy,
        config: state.config,
        contentDigest: copy.digest,
        layer: async () => {
          await fs.mkdir(this.opts.workDir, { recursive: true });
          const dir = await fs.mkdtemp(path.join(this.opts.workDir, 'copy-'));
          const done = () => fs.rm(dir, { recursive: true, force: true });
          await copy.stage(dir).catch(async (err) => {
            await done();
            throw err;
          });
          return { dir, done };
        },
      });
    } finally {
      await copy.close();
    }
  }
}
