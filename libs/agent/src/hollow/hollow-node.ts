// Hollow nodes: the real node agent's cluster half (session, leases, pod sync loop, status
// reports) over the in-memory FakeRuntime and an image store with nothing in it, many per
// process, so the control plane can be measured against thousands of nodes on one machine.

import { type Logger, logger } from '@stevedore/log';
import type { ImageService } from '@stevedore/oci';
import { FakeRuntime } from '@stevedore/runtime';
import * as path from 'path';
import { ClusterAgent } from '../cluster/cluster-agent';
import { HollowImages } from './hollow-images';

export interface HollowNodeOptions {
  /** host:port of the agent gateway, and the CA that signed its certificate. */
  address: string;
  caCert: string;
  nodeName: string;
  token: string;
  /** A made-up address for the Node object (hollow nodes carry no traffic). */
  hostIP: string;
  dataDir: string;
  /** `agent` by default; each node adds its name. */
  log?: Logger;
}

export function startHollowNode(options: HollowNodeOptions): ClusterAgent {
  const runtime = new FakeRuntime();
  const images = new HollowImages() as unknown as ImageService;
  const agent = new ClusterAgent(
    {
      addresses: [options.address],
      token: options.token,
      caCert: options.caCert,
      nodeName: options.nodeName,
      hostIP: options.hostIP,
      dataDir: path.join(options.dataDir, options.nodeName),
      runtimeVersion: 'fake',
      labels: { 'stevedore.io/hollow': 'true' },
      log: (options.log ?? logger('agent')).child({ node: options.nodeName }),
    },
    runtime,
    images,
  );
  agent.start();
  return agent;
}
