import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { StatusError, statusError } from '@stevedore/api';
import { requestAudit } from '@stevedore/audit';
import { type Logger, logger } from '@stevedore/log';
import type { Request, Response } from 'express';

/** Every error leaves the API as a Kubernetes Status; unexpected ones as a 500 with no internals. */
@Catch()
export class StatusFilter implements ExceptionFilter {
  private readonly log = logger('apiserver');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status = toStatusError(err, this.log).status;
    // An error no handler expected is Node's panic: the audit log says so, as kube-apiserver's does.
    if (status.code === 500 && !(err instanceof StatusError)) requestAudit(host.switchToHttp().getRequest<Request>())?.panicked(err);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status.code).type('application/json').send(JSON.stringify(status));
  }
}

export function toStatusError(err: unknown, log?: Logger): StatusError {
  if (err instanceof StatusError) return err;
  if (err instanceof HttpException && err.getStatus() === 404)
    return statusError(404, 'NotFound', 'the server could not find the requested resource');
  if (err instanceof HttpException) return statusError(err.getStatus(), '', err.message);
  log?.error('request failed with an internal error', { err });
  return statusError(500, 'InternalError', 'an error on the server prevented the request from succeeding');
}
