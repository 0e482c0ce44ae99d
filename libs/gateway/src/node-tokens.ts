// Node credentials: one bearer token per node name, kept in the control plane's PKI folder.
// A token lets its agent act for its own node only (the gateway checks every message).
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import { writeFileAtomic } from '@stevedore/files';
import { tokensEqual } from '@stevedore/pki';

interface TokenFile {
  nodes: Record<string, string>;
}

export class NodeTokens {
  private constructor(private readonly file: string, private readonly tokens: Map<string, string>) {}

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
    await writeFileAtomic(this.file, JSON.stringify({ nodes: Object.fromEntries(this.tokens) }, null, 2), 0o600);
    return token;
  }

  /** The node a token belongs to, compared in constant time. */
  nodeOf(token: string): string | undefined {
    for (const [node, candidate] of this.tokens) if (tokensEqual(candidate, token)) return node;
    return undefined;
  }
}
