// POST serviceaccounts/NAME/token: checks the TokenRequest, resolves what it is bound to and
// answers with a signed token, as kube-apiserver's TokenRequest REST does.
import {
  type AuthenticationV1TokenRequest,
  invalid,
  isNotFound,
  pods,
  type ResourceStrategy,
  secrets,
  serviceAccounts,
  statusError,
} from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { type BoundObject, grantedSeconds, type ServiceAccountTokens, tokenRequestProblems } from '@stevedore/auth';

const BOUND_KINDS: Record<string, ResourceStrategy> = { Pod: pods, Secret: secrets };

export function tokenRequests(registry: ObjectRegistry, tokens: ServiceAccountTokens, now = () => Date.now()) {
  return async (namespace: string, name: string, body: unknown): Promise<unknown> => {
    const request = (body ?? {}) as Partial<AuthenticationV1TokenRequest>;
    const problems = tokenRequestProblems(request.spec);
    if (problems.length)
      throw invalid(
        'TokenRequest',
        name,
        problems.map((p) => ({ ...p, reason: 'FieldValueInvalid' as const })),
        'authentication.k8s.io',
      );
    const account = await registry.get(serviceAccounts, namespace, name);
    const bound = await boundObject(registry, namespace, request.spec?.boundObjectRef);
    const seconds = grantedSeconds(request.spec);
    const at = Math.floor(now() / 1000);
    const serviceAccount = { namespace, name, uid: account.metadata.uid! };
    const { token, claims } = await tokens.issue({
      serviceAccount,
      audiences: request.spec?.audiences,
      expirationSeconds: seconds,
      bound,
      now: at,
    });
    return {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name, namespace, creationTimestamp: null },
      spec: {
        audiences: claims.aud,
        expirationSeconds: seconds,
        boundObjectRef: request.spec?.boundObjectRef ? { ...request.spec.boundObjectRef, uid: bound?.uid } : null,
      },
      status: { token, expirationTimestamp: new Date(claims.exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
    };
  };
}

async function boundObject(
  registry: ObjectRegistry,
  namespace: string,
  ref: { kind?: string; name?: string; uid?: string } | undefined,
): Promise<BoundObject | undefined> {
  if (!ref?.kind || !ref.name) return undefined;
  const resource = BOUND_KINDS[ref.kind]!;
  const object = await registry.get(resource, namespace, ref.name).catch((err) => {
    if (isNotFound(err)) throw statusError(404, 'NotFound', `${resource.plural} "${ref.name}" not found`);
    throw err;
  });
  const uid = object.metadata.uid!;
  if (ref.uid && ref.uid !== uid)
    throw statusError(
      409,
      'Conflict',
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  return { kind: ref.kind as BoundObject['kind'], name: ref.name, uid };
}
