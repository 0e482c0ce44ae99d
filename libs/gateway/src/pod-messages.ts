// Pods as the agent protocol carries them: JSON strings in messages that must stay under the
// protocol's message limit. A node's snapshot is split into parts; a pod that alone exceeds the
// limit cannot be sent at all, and is reported back instead of ending the node's session.
import type { ApiObject } from '@stevedore/apiserver';
import { AGENT_PROTOCOL_PAYLOAD_BYTES, wireBytes } from '@stevedore/proto';

/** Protobuf's tag and length prefix of one repeated string, rounded up. */
const ENTRY_OVERHEAD_BYTES = 16;

export interface EncodedPod {
  pod: ApiObject;
  json: string;
  bytes: number;
}

export interface SnapshotParts {
  /** Each part's pods as JSON; at least one part (possibly empty), so the agent always gets a snapshot. */
  parts: string[][];
  /** Pods too large for any message. */
  tooLarge: EncodedPod[];
}

export function encodePod(pod: ApiObject): EncodedPod {
  // The agent has no use for who set which field: managedFields (often a third of a pod) stay home.
  const { managedFields: _owners, ...metadata } = pod.metadata;
  const json = JSON.stringify({ ...pod, metadata });
  return { pod, json, bytes: wireBytes(json) };
}

export function fitsInMessage(encoded: EncodedPod, budget = AGENT_PROTOCOL_PAYLOAD_BYTES): boolean {
  return encoded.bytes + ENTRY_OVERHEAD_BYTES <= budget;
}

/** Splits a node's pods into snapshot parts that each fit the budget, in their order. */
export function snapshotParts(pods: ApiObject[], budget = AGENT_PROTOCOL_PAYLOAD_BYTES): SnapshotParts {
  const parts: string[][] = [[]];
  const tooLarge: EncodedPod[] = [];
  let used = 0;
  for (const encoded of pods.map(encodePod)) {
    if (!fitsInMessage(encoded, budget)) {
      tooLarge.push(encoded);
      continue;
    }
    const size = encoded.bytes + ENTRY_OVERHEAD_BYTES;
    if (used + size > budget) {
      parts.push([]);
      used = 0;
    }
    parts[parts.length - 1]!.push(encoded.json);
    used += size;
  }
  return { parts, tooLarge };
}

/** What the pod's status and event say when it cannot be sent to its node. */
export function tooLargeMessage(encoded: EncodedPod, budget = AGENT_PROTOCOL_PAYLOAD_BYTES): string {
  const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return (
    `the pod is ${mib(encoded.bytes)} as sent to its node, over the node protocol's limit of ${mib(budget)}: ` +
    'the node cannot run it (make its spec smaller, e.g. move large env values into a ConfigMap)'
  );
}
