// Serves the node agent's ImageService and RuntimeService on a unix socket (0600, root only).
import * as grpc from '@grpc/grpc-js';
import type { ImageBuilder } from '@stevedore/build';
import { loadNodeProto } from '@stevedore/proto';
import { promises as fs } from 'fs';
import type { NodeServices } from '../node-services';
import { buildHandlers } from './build-handlers';
import { imageHandlers } from './image-handlers';
import { runtimeHandlers } from './runtime-handlers';

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': 5000,
  'grpc.keepalive_timeout_ms': 5000,
  'grpc.keepalive_permit_without_calls': 1,
};

export class AgentServer {
  private readonly server = new grpc.Server({ ...CHANNEL_OPTIONS, 'grpc.http2.min_ping_interval_without_data_ms': 4000 });

  constructor(node: NodeServices, version: Parameters<typeof runtimeHandlers>[1], builder?: ImageBuilder) {
    const proto = loadNodeProto().stevedore.node.v1;
    this.server.addService(proto.ImageService.service, imageHandlers(node));
    this.server.addService(proto.RuntimeService.service, runtimeHandlers(node, version));
    if (builder) this.server.addService(proto.BuildService.service, buildHandlers(builder));
  }

  /** Binds the socket, replacing a stale one left by a crashed agent. */
  async listen(socketPath: string): Promise<void> {
    await fs.rm(socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.bindAsync(`unix:${socketPath}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve()));
    });
    await fs.chmod(socketPath, 0o600);
  }

  async close(socketPath?: string): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    if (socketPath) await fs.rm(socketPath, { force: true });
  }
}
