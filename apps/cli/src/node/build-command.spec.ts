import { parseBuildArgs } from './build-command';
import { CliError } from './client';

describe('--build-arg', () => {
  it('takes KEY=VALUE, keeps later = signs, and takes a bare KEY from the environment when set', () => {
    process.env.STEVEDORE_TEST_ARG = 'from-env';
    expect(parseBuildArgs(['A=1', 'B=x=y', 'EMPTY=', 'STEVEDORE_TEST_ARG', 'STEVEDORE_UNSET_ARG'])).toEqual({
      A: '1',
      B: 'x=y',
      EMPTY: '',
      STEVEDORE_TEST_ARG: 'from-env',
    });
    delete process.env.STEVEDORE_TEST_ARG;
  });

  it('refuses an argument without a name', () => {
    expect(() => parseBuildArgs(['=1'])).toThrow(CliError);
  });
});
