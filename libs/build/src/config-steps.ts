// Steps that change only the image config (no layer): ENV, LABEL, WORKDIR, USER, EXPOSE, CMD,
// ENTRYPOINT, SHELL, STOPSIGNAL, VOLUME, MAINTAINER. Pure: (instruction, stage) → new config
// and the history text, which is also what the layer cache compares.
import type { ContainerConfig } from '@stevedore/oci';
import * as path from 'path';
import { BuildError, type Instruction } from './dockerfile/parse-dockerfile';
import { processWord, processWords } from './dockerfile/shell-words';
import { DEFAULT_SHELL, envMap, type StageState, substitutionVars } from './stage-state';

export interface ConfigChange {
  config: ContainerConfig;
  createdBy: string;
  cmdSet?: boolean;
}

const fail = (i: Instruction, reason: string) => new BuildError(`Dockerfile:${i.line}: ${reason}`);

/** The shell form runs under the stage's SHELL (default /bin/sh -c); the exec form as written. */
export function commandOf(i: Instruction, config: ContainerConfig): string[] {
  return i.json ?? [...(config.Shell ?? DEFAULT_SHELL), i.args];
}

function pairs(i: Instruction, state: StageState, escapeChar: string): [string, string][] {
  const vars = substitutionVars(state);
  if (!i.props.length) throw fail(i, `${i.keyword} requires at least one argument`);
  return i.props.map((p) => {
    if (p.raw === undefined) throw fail(i, `${i.keyword} names ${p.name} without a value`);
    return [processWord(p.name, vars, escapeChar), processWord(p.raw, vars, escapeChar)];
  });
}

function port(i: Instruction, word: string): string {
  const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(word);
  if (!m || Number(m[1]) > 65535) throw fail(i, `invalid containerPort: ${word}`);
  return `${m[1]}/${(m[2] ?? 'tcp').toLowerCase()}`;
}

export function applyConfigStep(i: Instruction, state: StageState, escapeChar: string): ConfigChange {
  const config: ContainerConfig = { ...state.config };
  const vars = substitutionVars(state);
  const word = () => {
    const w = processWord(i.args, vars, escapeChar);
    if (!w) throw fail(i, `${i.keyword} requires exactly one argument`);
    return w;
  };
  switch (i.keyword) {
    case 'ENV': {
      const set = pairs(i, state, escapeChar);
      const env = envMap(config.Env);
      for (const [k, v] of set) env.set(k, v);
      config.Env = [...env].map(([k, v]) => `${k}=${v}`);
      return { config, createdBy: `ENV ${set.map(([k, v]) => `${k}=${v}`).join(' ')}` };
    }
    case 'LABEL': {
      const set = pairs(i, state, escapeChar);
      config.Labels = { ...config.Labels, ...Object.fromEntries(set) };
      return { config, createdBy: `LABEL ${set.map(([k, v]) => `${k}=${v}`).join(' ')}` };
    }
    case 'WORKDIR': {
      config.WorkingDir = path.posix.resolve(config.WorkingDir || '/', word());
      return { config, createdBy: `WORKDIR ${config.WorkingDir}` };
    }
    case 'USER':
      config.User = word();
      return { config, createdBy: `USER ${config.User}` };
    case 'STOPSIGNAL':
      config.StopSignal = word();
      return { config, createdBy: `STOPSIGNAL ${config.StopSignal}` };
    case 'MAINTAINER':
      config.Labels = { ...config.Labels, maintainer: word() };
      return { config, createdBy: `MAINTAINER ${word()}` };
    case 'EXPOSE': {
      const ports = processWords(i.args, vars, escapeChar).map((w) => port(i, w));
      if (!ports.length) throw fail(i, 'EXPOSE requires at least one argument');
      config.ExposedPorts = { ...config.ExposedPorts, ...Object.fromEntries(ports.map((p) => [p, {}])) };
      return { config, createdBy: `EXPOSE ${ports.join(' ')}` };
    }
    case 'VOLUME': {
      const dirs = i.json ?? processWords(i.args, vars, escapeChar);
      if (!dirs.length) throw fail(i, 'VOLUME requires at least one argument');
      config.Volumes = { ...config.Volumes, ...Object.fromEntries(dirs.map((d) => [d, {}])) };
      return { config, createdBy: `VOLUME ${JSON.stringify(dirs)}` };
    }
    case 'SHELL':
      if (!i.json?.length) throw fail(i, 'SHELL requires the arguments to be in JSON form');
      config.Shell = i.json;
      return { config, createdBy: `SHELL ${JSON.stringify(i.json)}` };
    case 'CMD':
      config.Cmd = commandOf(i, config);
      return { config, createdBy: `CMD ${JSON.stringify(config.Cmd)}`, cmdSet: true };
    case 'ENTRYPOINT':
      config.Entrypoint = i.json ?? (i.args ? commandOf(i, config) : []);
      // Docker: a CMD inherited from the base image was written for the old entrypoint.
      if (!state.cmdSet) config.Cmd = undefined;
      return { config, createdBy: `ENTRYPOINT ${JSON.stringify(config.Entrypoint)}` };
    default:
      throw fail(i, `${i.keyword} does not change the image config`);
  }
}
