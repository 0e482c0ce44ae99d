import { cacheKey } from './cache-key';
import { applyConfigStep } from './config-steps';
import { parseDockerfile } from './dockerfile/parse-dockerfile';
import { argsPrefix, runEnv, type StageState } from './stage-state';

const steps = (text: string) => parseDockerfile(`FROM a\n${text}`).stages[0]!.steps;
const state = (over: Partial<StageState> = {}): StageState => ({
  config: { Env: ['PATH=/bin', 'HOME=/root'], Cmd: ['sh'], WorkingDir: '/srv' },
  args: new Map([['VERSION', '2']]),
  cmdSet: false,
  lowerDirs: [],
  ...over,
});

describe('config steps', () => {
  it('ENV substitutes with the values before the instruction, ARGs included, and replaces keys in place', () => {
    const [env] = steps('ENV HOME=/home/$VERSION OLD=$HOME V="${VERSION}.0"');
    const change = applyConfigStep(env!, state(), '\\');
    expect(change.config.Env).toEqual(['PATH=/bin', 'HOME=/home/2', 'OLD=/root', 'V=2.0']);
    expect(change.createdBy).toBe('ENV HOME=/home/2 OLD=/root V=2.0');
  });

  it('WORKDIR resolves against the previous one; EXPOSE defaults to tcp; LABEL merges', () => {
    const [workdir, expose, label] = steps('WORKDIR app/$VERSION\nEXPOSE 80 53/udp\nLABEL a=b "c d"=e');
    expect(applyConfigStep(workdir!, state(), '\\').config.WorkingDir).toBe('/srv/app/2');
    expect(applyConfigStep(expose!, state(), '\\').config.ExposedPorts).toEqual({ '80/tcp': {}, '53/udp': {} });
    expect(applyConfigStep(label!, state({ config: { Labels: { x: 'y' } } }), '\\').config.Labels).toEqual({ x: 'y', a: 'b', 'c d': 'e' });
    expect(() => applyConfigStep(steps('EXPOSE http')[0]!, state(), '\\')).toThrow('Dockerfile:2: invalid containerPort: http');
  });

  it('CMD and ENTRYPOINT take the exec form as written and wrap the shell form; ENTRYPOINT clears an inherited CMD', () => {
    const [cmd, entry] = steps('CMD echo $HOME\nENTRYPOINT ["/app"]');
    expect(applyConfigStep(cmd!, state(), '\\').config.Cmd).toEqual(['/bin/sh', '-c', 'echo $HOME']);
    expect(applyConfigStep(entry!, state(), '\\').config).toMatchObject({ Entrypoint: ['/app'], Cmd: undefined });
    expect(applyConfigStep(entry!, state({ cmdSet: true }), '\\').config.Cmd).toEqual(['sh']);
    const shell = applyConfigStep(steps('SHELL ["/bin/bash", "-c"]')[0]!, state(), '\\').config;
    expect(applyConfigStep(cmd!, state({ config: shell }), '\\').config.Cmd).toEqual(['/bin/bash', '-c', 'echo $HOME']);
  });

  it('RUN sees ARGs an ENV does not hide, and shows them in its history text', () => {
    const s = state({
      args: new Map([
        ['HOME', 'x'],
        ['B', '1'],
        ['A', '2'],
      ]),
    });
    expect(runEnv(s)).toEqual(['PATH=/bin', 'HOME=/root', 'B=1', 'A=2']);
    expect(argsPrefix(s)).toBe('|3 A=2 B=1 HOME=x ');
  });
});

describe('cacheKey', () => {
  it('changes with the parent, the instruction text or the copied content, and only with them', () => {
    const base = { parentId: 'sha256:p', createdBy: 'COPY a /a', contentDigest: 'sha256:c' };
    expect(cacheKey(base)).toBe(cacheKey({ ...base }));
    expect(
      new Set([
        cacheKey(base),
        cacheKey({ ...base, parentId: 'sha256:q' }),
        cacheKey({ ...base, createdBy: 'COPY a /b' }),
        cacheKey({ ...base, contentDigest: 'sha256:d' }),
        cacheKey({ ...base, parentId: undefined }),
      ]).size,
    ).toBe(5);
  });
});
