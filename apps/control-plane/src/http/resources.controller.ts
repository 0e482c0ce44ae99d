import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { statusError } from '@stevedore/api';
import { handleResourceRequest, parseResourcePath, type RestContext } from '@stevedore/apiserver';
import type { Response } from 'express';
import { REST } from '../tokens';
import type { AuthenticatedRequest } from './auth.middleware';

/** Every resource path (`/api/v1/...`, `/apis/<group>/<version>/...`) goes to the REST adapter. */
@Controller()
export class ResourcesController {
  constructor(@Inject(REST) private readonly rest: RestContext) {}

  @All(['api/v1/*path', 'apis/:group/:version/*path'])
  async handle(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const url = new URL(req.originalUrl, 'https://localhost');
    const target = parseResourcePath(url.pathname);
    if (!target) throw statusError(404, 'NotFound', 'the server could not find the requested resource');
    await handleResourceRequest(this.rest, req, res, target, url, req.user);
  }
}
