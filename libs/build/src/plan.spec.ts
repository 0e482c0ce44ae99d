import { parseDockerfile } from './dockerfile/parse-dockerfile';
import { planBuild } from './plan';

const df = parseDockerfile(`ARG BASE=busybox
ARG TAG
FROM \${BASE}:\${TAG:-1} AS deps
RUN echo deps
FROM scratch AS unused
COPY a /a
FROM deps AS build
COPY --from=0 /x /y
FROM alpine:3
COPY --from=build /out /out
CMD ["run"]
`);

describe('planBuild', () => {
  it('builds the last stage and the stages it needs, numbering every step', () => {
    const plan = planBuild(df);
    expect(plan.stages.map((s) => s.index)).toEqual([0, 2, 3]);
    expect(plan.totalSteps).toBe(2 + 2 + 3);
    expect(plan.stages.map((s) => s.base)).toEqual([
      { kind: 'image', ref: 'busybox:1' },
      { kind: 'stage', index: 0 },
      { kind: 'image', ref: 'alpine:3' },
    ]);
  });

  it('substitutes FROM with the global ARGs and --build-arg, and stops at --target', () => {
    const plan = planBuild(df, { buildArgs: { BASE: 'example.com/base', TAG: '7' }, target: 'UNUSED' });
    expect(plan.stages.map((s) => s.index)).toEqual([1]);
    expect(plan.stages[0]!.base).toEqual({ kind: 'scratch' });
    expect(planBuild(df, { buildArgs: { TAG: '7' }, target: '0' }).stages[0]!.base).toEqual({ kind: 'image', ref: 'busybox:7' });
    expect(plan.globalArgs).toEqual(
      new Map([
        ['BASE', 'example.com/base'],
        ['TAG', '7'],
      ]),
    );
  });

  it('refuses an unknown target and duplicate stage names', () => {
    expect(() => planBuild(df, { target: 'nope' })).toThrow('target stage "nope" could not be found');
    expect(() => planBuild(parseDockerfile('FROM a AS x\nFROM b AS X\n'))).toThrow('Dockerfile:2: duplicate stage name "x"');
  });
});

describe('parseDockerfile', () => {
  it('gives each instruction its line, flags, exec form and properties', () => {
    const parsed = parseDockerfile('FROM a\nCOPY --chown=1:2 --from=x ["a b", "/c/"]\nRUN echo \\\n  hi\nENV K="v w" L=1\n');
    const [copy, run, env] = parsed.stages[0]!.steps;
    expect(copy).toMatchObject({ line: 2, flags: { chown: '1:2', from: 'x' }, json: ['a b', '/c/'] });
    expect(run).toMatchObject({ line: 3, json: undefined });
    expect(run!.args).toMatch(/^echo\s+hi$/);
    expect(env!.props).toEqual([
      { name: 'K', raw: '"v w"' },
      { name: 'L', raw: '1' },
    ]);
  });

  it('names the line of an unknown or misplaced instruction', () => {
    expect(() => parseDockerfile('FROM a\n\nFETCH x\n')).toThrow('Dockerfile:3: unknown instruction: FETCH');
    expect(() => parseDockerfile('RUN x\nFROM a\n')).toThrow('Dockerfile:1: RUN before the first FROM');
    expect(() => parseDockerfile('FROM a\nHEALTHCHECK CMD x\n')).toThrow('Dockerfile:2: HEALTHCHECK is not supported');
    expect(() => parseDockerfile('# nothing\n')).toThrow('no FROM instruction');
  });
});
