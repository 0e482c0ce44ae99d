// The agent protocol's message limit, set explicitly on both ends (gateway and agent): grpc-js'
// defaults differ by direction (4 MiB received, unlimited sent), and a message over the
// receiver's limit ended the whole Connect session, heartbeats included, so the node went
// NotReady and reconnected into the same oversized snapshot again and again.

/** The largest message either end of the agent protocol sends or accepts. */
export const AGENT_PROTOCOL_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * Room kept for protobuf framing and the fields around the JSON payloads, so that a message
 * whose payloads fit under `AGENT_PROTOCOL_MAX_MESSAGE_BYTES - MESSAGE_OVERHEAD_BYTES` always encodes below the limit.
 */
export const MESSAGE_OVERHEAD_BYTES = 64 * 1024;

/** The budget for a message's JSON payloads (pods, statuses, events). */
export const AGENT_PROTOCOL_PAYLOAD_BYTES = AGENT_PROTOCOL_MAX_MESSAGE_BYTES - MESSAGE_OVERHEAD_BYTES;

/** Bytes a string takes on the wire (UTF-8), as protobuf encodes it. */
export function wireBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
