// Node credentials: one bearer token per node name, kept in the control plane's PKI folder.
// A token lets its agent act for its own node only (the gateway checks every message).

import { writeFileAtomic } from '@stevedore/files';
import { tokensEqual } from '@stevedore/pki';
import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';

interface TokenFile {
  nodes: Record<string, string>;
}

export class NodeTokens {
  /**
   * Nodes by the SHA-256 of their token: a lookup stays O(1) with thousands of nodes (comparing
   * against every token made each agent connection O(nodes)), and a lookup's timing can reveal
   * at most something about a hash, not about a token.
   */
  private readonly byDigest = new Map<string, string>();

  private constructor(
    private readonly file: string,
    private readonly tokens: Map<string, string>,
  ) {
    for (const [node, token] of tokens) this.byDigest.set(digest(token), node);
  }

  static async open(file: string): Promise<NodeTokens> {
    const text = await fs.readFile(file, 'utf8').catch((err) => (err.code === 'ENOENT' ? '{"nodes":{}}' : Promise.reject(err)));
    const parsed = JSON.parse(text) as TokenFile;
    return new NodeTokens(file, new Map(Object.entries(parsed.nodes)));
  }

  /** The node's token, created on first request. */
  async issue(node: string): Promise<string> {
    const existing = this.tokens.get(node);
    if (existing) return existing;
    const token = `node.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(node, token);
    this.byDigest.set(digest(token), node);
    await writeFileAtomic(this.file, JSON.stringify({ nodes: Object.fromEntries(this.tokens) }, null, 2), 0o600);
    return token;
  }

  /** The node a token belongs to (the token itself compared in constant time). */
  nodeOf(token: string): string | undefined {
    const node = this.byDigest.get(digest(token));
    return node !== undefined && tokensEqual(this.tokens.get(node)!, token) ? node : undefined;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
