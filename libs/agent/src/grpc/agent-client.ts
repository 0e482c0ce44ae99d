// A typed client of the agent's socket, for the CLI and tests.
import * as grpc from '@grpc/grpc-js';
import type { BuildServiceClient, ImageServiceClient, RuntimeServiceClient } from '@stevedore/proto';
import { loadNodeProto } from '@stevedore/proto';
import { CHANNEL_OPTIONS } from './agent-server';

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

export class AgentClient {
  readonly images: ImageServiceClient;
  readonly runtime: RuntimeServiceClient;
  readonly builds: BuildServiceClient;

  constructor(readonly socketPath: string) {
    const proto = loadNodeProto().stevedore.node.v1;
    this.images = new proto.ImageService(`unix:${socketPath}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    this.runtime = new proto.RuntimeService(`unix:${socketPath}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    this.builds = new proto.BuildService(`unix:${socketPath}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  }

  /** One unary call with a deadline; `T` is the reply type (the generated `__Output` type). */
  request<T>(service: 'images' | 'runtime', method: string, req: object, timeoutMs = 120000): Promise<T> {
    const client = this[service] as unknown as Record<
      string,
      (req: object, meta: grpc.Metadata, opts: grpc.CallOptions, cb: Callback<T>) => unknown
    >;
    const fn = client[method];
    if (!fn) throw new Error(`unknown method ${service}.${method}`);
    return new Promise((resolve, reject) => {
      fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, value) =>
        err ? reject(err) : resolve(value as T),
      );
    });
  }

  close(): void {
    this.images.close();
    this.runtime.close();
    this.builds.close();
  }
}
