// ServiceAccount tokens for the projected volumes of a node's pods: the agent asks for its pod,
// and gets a token bound to that pod only when the pod (same uid) is bound to the asking node,
// as Kubernetes' node authorizer allows a kubelet to request tokens for its own pods only.
import type { ApiObject } from '@stevedore/apiserver';
import type { PodRouter } from './pod-router';

export interface PodTokenRequest {
  namespace: string;
  pod: string;
  podUid: string;
  audience: string;
  expirationSeconds: number;
}

/** Issues a token for the pod's ServiceAccount, bound to the pod (the control plane's TokenRequest). */
export type PodTokenIssuer = (
  pod: ApiObject,
  audience: string | undefined,
  expirationSeconds: number,
) => Promise<{ token: string; expirationTimestamp: string }>;

export function podForToken(router: PodRouter, node: string, request: PodTokenRequest): ApiObject | undefined {
  return router
    .podsOn(node)
    .find((p) => p.metadata.namespace === request.namespace && p.metadata.name === request.pod && p.metadata.uid === request.podUid);
}
