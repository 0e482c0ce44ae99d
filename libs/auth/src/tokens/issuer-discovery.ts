// The OpenID Connect discovery document kube-apiserver serves at /.well-known/openid-configuration,
// so relying parties can find the keys that verify ServiceAccount tokens.

export function openidConfiguration(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer.replace(/\/$/, '')}/openid/v1/jwks`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
  };
}
