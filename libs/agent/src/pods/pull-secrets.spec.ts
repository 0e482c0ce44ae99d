import { pullCredentials } from './pull-secrets';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const secrets: Record<string, object> = {
  hub: {
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('me:pw') } } })) },
  },
  mirror: {
    type: 'kubernetes.io/dockercfg',
    data: { '.dockercfg': b64(JSON.stringify({ 'http://198.18.0.1:5000': { username: 'puller', password: 's3cret' } })) },
  },
};
const config = {
  configMap: async () => undefined,
  secret: async (_ns: string, name: string) => secrets[name],
};
const pod = (names: string[]) => ({ metadata: { namespace: 'default' }, spec: { imagePullSecrets: names.map((name) => ({ name })) } });

describe('pull credentials from imagePullSecrets', () => {
  it('reads dockerconfigjson and dockercfg secrets by registry host, Docker Hub by its short name', async () => {
    expect(await pullCredentials(config as never, pod(['hub', 'mirror']))).toEqual({
      'docker.io': { username: 'me', password: 'pw' },
      '198.18.0.1:5000': { username: 'puller', password: 's3cret' },
    });
  });

  it('skips a missing secret and gives nothing without any', async () => {
    expect(await pullCredentials(config as never, pod(['gone']))).toBeUndefined();
    expect(await pullCredentials(config as never, { metadata: { namespace: 'default' }, spec: {} })).toBeUndefined();
  });
});
