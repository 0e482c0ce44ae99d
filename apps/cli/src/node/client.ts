import * as grpc from '@grpc/grpc-js';
import { AgentClient } from '@stevedore/agent';
import { existsSync } from 'fs';
import * as path from 'path';

export class CliError extends Error {}

export function connect(dataDir: string): AgentClient {
  // `stevedore up` keeps the agent under DIR/agent; a standalone agent uses DIR itself.
  const candidates = [path.join(dataDir, 'agent.sock'), path.join(dataDir, 'agent', 'agent.sock')];
  const socket = candidates.find((c) => existsSync(c)) ?? candidates[0]!;
  if (!existsSync(socket)) {
    throw new CliError(`the node agent is not running (no socket at ${socket}); start it with: stevedore agent --data-dir ${dataDir}`);
  }
  return new AgentClient(socket);
}

/** The message a person should see for a failed call. */
export function describeError(err: unknown): string {
  const e = err as Partial<grpc.ServiceError> & Error;
  if (e.code === grpc.status.UNAVAILABLE) return `cannot reach the node agent: ${e.details ?? e.message}; is it running?`;
  if (e.code === grpc.status.DEADLINE_EXCEEDED) return 'the node agent did not answer in time';
  return e.details ?? e.message;
}
