// gRPC ImageService: convert, call the node services, map errors.
import type * as grpc from '@grpc/grpc-js';
import type { ImageSummary, PullProgress } from '@stevedore/oci';
import type { ImageServiceHandlers } from '@stevedore/proto';
import type { NodeServices } from '../node-services';
import { toGrpcError, unary } from './errors';

export function imageSummaryMessage(s: ImageSummary) {
  return {
    id: s.id,
    tags: s.tags,
    repoDigests: s.repoDigests,
    created: s.created ?? '',
    virtualSize: s.virtualSize,
    uniqueSize: s.uniqueSize,
    layers: s.layers,
    containers: s.containers ?? 0,
  };
}

function progressStream(
  call: grpc.ServerWritableStream<{ image: string }, unknown>,
  work: (onProgress: (p: PullProgress) => void) => Promise<string>,
): void {
  work((p) => call.write({ id: p.id, status: p.status, current: p.current ?? 0, total: p.total ?? 0, digest: '' })).then(
    (digest) => {
      call.write({ id: call.request.image, status: 'Done', current: 0, total: 0, digest });
      call.end();
    },
    (err) => call.emit('error', toGrpcError(err)),
  );
}

export function imageHandlers(node: NodeServices): ImageServiceHandlers {
  return {
    ListImages: unary(async () => ({ images: (await node.listImages()).map(imageSummaryMessage) })),
    InspectImage: unary(async (req) => {
      const record = node.images.resolve(req.image ?? '');
      return { json: JSON.stringify({ ...record, tags: node.images.tagsOf(record.id) }, null, 2) };
    }),
    PullImage: (call) =>
      progressStream(call as never, async (onProgress) => (await node.images.pull(call.request.image ?? '', onProgress)).id),
    PushImage: (call) => progressStream(call as never, (onProgress) => node.images.push(call.request.image ?? '', onProgress)),
    TagImage: unary(async (req) => {
      await node.images.tag(req.source ?? '', req.target ?? '');
      return {};
    }),
    RemoveImage: unary(async (req) => node.removeImage(req.image ?? '', req.force ?? false)),
    PruneImages: unary(async () => node.pruneImages()),
    LoadImages: unary(async (req) => ({ images: await node.images.load(req.path ?? '') })),
    SaveImages: unary(async (req) => {
      await node.images.save(req.images ?? [], req.path ?? '');
      return {};
    }),
  };
}
