import { resolveConfig } from './config';

describe('control plane config', () => {
  it("takes the flags' defaults from the options table and the rest from config.ts", () => {
    expect(resolveConfig({ dataDir: '/tmp/cp' })).toEqual({
      dataDir: '/tmp/cp',
      bindAddress: '127.0.0.1',
      apiPort: 6443,
      agentPort: 6444,
      etcdEndpoints: [],
      etcdCafile: undefined,
      etcdCertfile: undefined,
      etcdKeyfile: undefined,
      clusterCidr: '198.19.0.0/16',
      serviceCidr: '198.18.128.0/17',
      clusterDns: undefined,
      clusterDomain: 'cluster.local',
      nodeMonitorGracePeriodSeconds: 40,
      podEvictionTimeoutSeconds: 300,
      hpaSyncPeriodSeconds: 15,
      hpaDownscaleStabilizationSeconds: 300,
      leaderElect: true,
      leaderElectLeaseDurationSeconds: 15,
      leaderElectRenewDeadlineSeconds: 10,
      leaderElectRetryPeriodSeconds: 2,
      readOnlyMetricsPort: undefined,
      auditPolicyFile: undefined,
      auditLogPath: undefined,
      auditLogMaxSize: 0,
      auditLogMaxBackup: 0,
      auditLogMaxAge: 0,
      proxyClientCertFile: undefined,
      proxyClientKeyFile: undefined,
      requestheaderClientCaFile: undefined,
      requestheaderAllowedNames: ['front-proxy-client'],
      advertiseAddresses: [],
      nodeCidrMaskSize: 24,
      eventTtlSeconds: 3600,
      nodePortRange: { first: 30000, last: 32767 },
      maxRequestsInflight: 400,
      maxMutatingRequestsInflight: 200,
      kubernetesVersion: { major: '1', minor: '32', gitVersion: 'v1.32.0' },
    });
  });

  it('lets the caller override any field', () => {
    expect(resolveConfig({ dataDir: '/tmp/cp', apiPort: 0, eventTtlSeconds: 60 })).toMatchObject({
      apiPort: 0,
      eventTtlSeconds: 60,
      agentPort: 6444,
    });
  });
});
