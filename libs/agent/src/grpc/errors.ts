import * as grpc from '@grpc/grpc-js';
import { ImageError, InvalidLayerError, InvalidReferenceError, RegistryError } from '@stevedore/oci';
import { RuntimeError } from '@stevedore/runtime';

/** Maps domain errors to gRPC status codes, keeping the message users should see. */
export function toGrpcError(err: unknown): grpc.ServiceError {
  const message = err instanceof Error ? err.message : String(err);
  let code = grpc.status.INTERNAL;
  if (err instanceof RuntimeError) {
    code = {
      NotFound: grpc.status.NOT_FOUND,
      AlreadyExists: grpc.status.ALREADY_EXISTS,
      FailedPrecondition: grpc.status.FAILED_PRECONDITION,
      InvalidArgument: grpc.status.INVALID_ARGUMENT,
      Internal: grpc.status.INTERNAL,
    }[err.code];
  } else if (err instanceof ImageError) {
    code = { NotFound: grpc.status.NOT_FOUND, Conflict: grpc.status.FAILED_PRECONDITION, InvalidArgument: grpc.status.INVALID_ARGUMENT }[
      err.code
    ];
  } else if (err instanceof InvalidReferenceError) {
    code = grpc.status.INVALID_ARGUMENT;
  } else if (err instanceof RegistryError) {
    code =
      /UNKNOWN$/.test(err.code) && err.status === 404
        ? grpc.status.NOT_FOUND
        : err.code === 'DENIED' || err.code === 'UNAUTHORIZED'
          ? grpc.status.PERMISSION_DENIED
          : grpc.status.UNAVAILABLE;
  } else if (err instanceof InvalidLayerError) {
    code = grpc.status.DATA_LOSS;
  } else if (/invalid environment variable|no matching manifest|not supported|unsupported/.test(message)) {
    code = grpc.status.INVALID_ARGUMENT;
  }
  return Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() }) as grpc.ServiceError;
}

/** Wraps a promise-returning handler as a unary gRPC handler. */
export function unary<Req, Res>(fn: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    fn(call.request).then(
      (res) => callback(null, res),
      (err) => callback(toGrpcError(err)),
    );
  };
}
