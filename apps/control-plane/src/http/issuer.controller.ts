import { Controller, Get, Inject } from '@nestjs/common';
import { openidConfiguration } from '@stevedore/auth';
import type { ClusterIdentity } from '../identity/identity';
import { IDENTITY } from '../tokens';

/** The ServiceAccount token issuer's discovery: where relying parties find the verifying keys. */
@Controller()
export class IssuerController {
  constructor(@Inject(IDENTITY) private readonly identity: ClusterIdentity) {}

  @Get('.well-known/openid-configuration')
  configuration() {
    return openidConfiguration(this.identity.issuer);
  }

  @Get('openid/v1/jwks')
  jwks() {
    return this.identity.signer.jwks();
  }
}
