import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { StatusError } from '@stevedore/api';
import { handleExecUpgrade, rejectUpgrade } from '@stevedore/apiserver';
import { newAuditor, prepareAuditing } from '@stevedore/audit';
import { logger } from '@stevedore/log';
import { ensureClusterPki, ensureToken, writeKubeconfig } from '@stevedore/pki';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'http';
import * as path from 'path';
import type { Duplex } from 'stream';
import { loadFrontProxy } from './aggregation/front-proxy';
import { type ClusterState, startClusterState } from './cluster-state';
import type { ControlPlaneConfig } from './config';
import { ControlPlaneModule } from './control-plane.module';
import { clientCertTrust } from './http/client-certificates';
import { ControlPlaneHealth } from './http/health-checks';
import { InflightLimiter } from './http/max-inflight';
import { startReadOnlyMetricsPort } from './http/metrics/read-only-port';
import { RequestMetricsMiddleware } from './http/metrics/request-metrics.middleware';
import { NestLogger } from './http/nest-logger';
import { admitUpgrade } from './http/upgrade-auth';

export interface RunningControlPlane {
  url: string;
  /** host:port where node agents connect, and the CA they must trust. */
  agentAddress: string;
  caCert: string;
  /** Issues (or returns) the token a node's agent authenticates with. */
  nodeToken(node: string): Promise<string>;
  state: ClusterState;
  /** The unauthenticated metrics URL on 127.0.0.1, when configured. */
  readOnlyMetricsUrl?: string;
  kubeconfigPath: string;
  adminToken: string;
  close(): Promise<void>;
}

/** Starts the HTTPS API on the configured address; writes the admin kubeconfig once it serves. */
export async function startControlPlane(config: ControlPlaneConfig): Promise<RunningControlPlane> {
  const hosts = [...new Set(['127.0.0.1', 'localhost', config.bindAddress, ...config.advertiseAddresses])].filter((h) => h !== '0.0.0.0');
  const pki = await ensureClusterPki(path.join(config.dataDir, 'pki'), hosts);
  const adminToken = await ensureToken(path.join(config.dataDir, 'pki', 'admin.token'));
  const log = logger('apiserver');
  // Before anything starts: a bad policy file stops the control plane with the field it names.
  const auditPolicy = await prepareAuditing(config.auditPolicyFile, config.auditLogPath);
  const frontProxy = await loadFrontProxy(config, path.join(config.dataDir, 'pki'));
  const state = await startClusterState(config, { cert: pki.serverCert, key: pki.serverKey, caCert: pki.caCert, frontProxy });
  const auditor = newAuditor(
    auditPolicy,
    {
      logPath: config.auditLogPath,
      maxSizeMB: config.auditLogMaxSize,
      maxBackups: config.auditLogMaxBackup,
      maxAgeDays: config.auditLogMaxAge,
    },
    { registry: state.metrics.registry, log: logger('audit') },
  );
  const rest = { registry: state.registry, streams: state.streams, answers: state.identity.answers };
  const auth = {
    authenticator: state.identity.authenticator(adminToken),
    rbac: state.identity.rbac,
    certificates: clientCertTrust(pki.caCert, frontProxy),
  };
  const metrics = { registry: state.metrics, resources: state.resourceMetrics, gateway: state.gateway };
  const health = new ControlPlaneHealth(state.store);
  const app = await NestFactory.create<NestExpressApplication>(
    ControlPlaneModule.register({ config, health, auth, identity: state.identity, rest, metrics, aggregation: state.aggregation }),
    {
      // Client certificates are asked for, not required: one the cluster CA signed authenticates its
      // subject (CN the user, O the groups), one the front-proxy CA signed the user its headers
      // name (http/client-certificates.ts); without one, the bearer token decides.
      httpsOptions: {
        cert: pki.serverCert,
        key: pki.serverKey,
        ca: [pki.caCert, frontProxy.caCert],
        requestCert: true,
        rejectUnauthorized: false,
      },
      bodyParser: false,
      logger: new NestLogger(log),
    },
  );
  app.disable('x-powered-by');
  // Counted first, so requests refused for load (429) or credentials (401) are counted too.
  const requestMetrics = new RequestMetricsMiddleware(state.metrics);
  app.use((req: Request, res: Response, next: NextFunction) => requestMetrics.use(req, res, next));
  // After counting, before load shedding and authentication, so refused requests are audited too.
  if (auditor) app.use(auditor.middleware());
  app.use(new InflightLimiter({ readonly: config.maxRequestsInflight, mutating: config.maxMutatingRequestsInflight }).middleware());
  app.set('etag', false);
  app.getHttpServer().on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    auditor?.beginUpgrade(req, socket);
    // Streams are authorized as any request (exec, attach and port-forward as "create" on the subresource).
    admitUpgrade(auth, req).then(
      ({ authenticated, refusal, user }) => {
        if (refusal) return rejectUpgrade(socket, new StatusError(refusal));
        const deps = { registry: state.registry, streams: state.streams, authenticated, user };
        if (!handleExecUpgrade(req, socket, head, deps)) socket.destroy();
      },
      (err) => {
        log.error(`upgrade refused: ${(err as Error).message}`);
        socket.destroy();
      },
    );
  });
  await app.listen(config.apiPort, config.bindAddress);
  const readOnly =
    config.readOnlyMetricsPort === undefined ? undefined : await startReadOnlyMetricsPort(state.metrics, config.readOnlyMetricsPort);
  if (readOnly) log.info(`read-only metrics on ${readOnly.url}/metrics`);
  const port = (app.getHttpServer().address() as { port: number }).port;
  const url = `https://${config.bindAddress}:${port}`;
  const kubeconfigPath = path.join(config.dataDir, 'kubeconfig');
  await writeKubeconfig(kubeconfigPath, { server: url, caCert: pki.caCert, token: adminToken });
  log.info(`API serving on ${url}; agents connect to ${config.bindAddress}:${state.gatewayPort}`);
  return {
    url,
    kubeconfigPath,
    adminToken,
    state,
    caCert: pki.caCert,
    agentAddress: `${config.bindAddress}:${state.gatewayPort}`,
    nodeToken: (node) => state.nodeTokens.issue(node),
    readOnlyMetricsUrl: readOnly?.url,
    async close() {
      health.markStopping();
      await readOnly?.close();
      await app.close();
      await auditor?.close();
      await state.close();
      log.info('stopped');
    },
  };
}
