import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { statusError } from '@stevedore/api';
import { type AgentGateway, NODE_METRICS_PATHS, readNodeDocument } from '@stevedore/gateway';
import type { Request, Response } from 'express';
import type { Identity } from '../auth.middleware';
import { GATEWAY } from './metrics-tokens';

const PATHS: readonly string[] = NODE_METRICS_PATHS;

/**
 * The node proxy for the agent's read-only documents, at the paths Prometheus' Kubernetes
 * configs use for the kubelet: /api/v1/nodes/NAME/proxy/metrics and …/proxy/metrics/cadvisor.
 * The agent is reached through its own session (it dials us), never by address.
 */
@Controller()
export class NodeProxyController {
  constructor(@Inject(GATEWAY) private readonly gateway: AgentGateway) {}

  @Get('api/v1/nodes/:name/proxy/*path')
  async proxy(@Param('name') nameAndPort: string, @Req() req: Request & { identity?: Identity }, @Res() res: Response): Promise<void> {
    // "NAME:PORT" picks the kubelet port on Kubernetes; an agent serves everything on its session.
    const name = nameAndPort.replace(/:\d+$/, '');
    if (req.identity?.node) throw statusError(403, 'Forbidden', `nodes "${name}" is forbidden: node agents may not use the node proxy`);
    const prefix = `/api/v1/nodes/${encodeURIComponent(nameAndPort)}/proxy`;
    const path = new URL(req.originalUrl, 'https://x').pathname.slice(prefix.length).replace(/\/+$/, '') || '/';
    if (!PATHS.includes(path)) throw statusError(404, 'NotFound', `the node proxy serves only ${PATHS.join(', ')}`);
    if (!this.gateway.connectedNodes().includes(name)) {
      throw statusError(503, 'ServiceUnavailable', `error trying to reach node "${name}": its agent is not connected`);
    }
    const doc = await readNodeDocument(this.gateway, name, path).catch((err: Error) => {
      throw statusError(503, 'ServiceUnavailable', `error trying to reach node "${name}": ${err.message}`);
    });
    res.status(doc.code).setHeader('Content-Type', doc.contentType);
    res.end(doc.body);
  }
}
