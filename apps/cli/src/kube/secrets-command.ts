// `stevedore secrets reencrypt`: rewrites every Secret unchanged, so each is stored again with the
// first provider of the control plane's --encryption-provider-config (after adding or rotating a
// key). The same as `kubectl get secrets -A -o json | kubectl replace -f -`, paged and race-safe.
import { secrets } from '@stevedore/api';
import type { Command } from 'commander';
import { type ApiClient, ApiError } from './api-client';
import { client } from './kube-commands';
import { collectionPath, objectPath } from './resource-names';

interface SecretList {
  items: { metadata: { name: string; namespace: string; resourceVersion: string } }[];
  metadata: { continue?: string };
}

/** Secrets per page: a whole cluster's never sits in memory at once. */
const PAGE = 250;

export function registerSecretsCommand(program: Command): void {
  program
    .command('secrets')
    .description('operate on Secrets as stored')
    .command('reencrypt')
    .description("rewrite every Secret (all namespaces, or -n's) so it is stored with the encryption config's current key")
    .action(async (_opts: unknown, cmd: Command) => {
      const api = await client(cmd);
      const namespace = cmd.optsWithGlobals<{ namespace?: string }>().namespace;
      let rewritten = 0;
      for await (const secret of allSecrets(api, namespace)) {
        const outcome = await rewrite(api, secret);
        if (outcome === 'rewritten') rewritten++;
        process.stdout.write(`secret/${secret.metadata.name} -n ${secret.metadata.namespace} ${outcome}\n`);
      }
      process.stdout.write(`${rewritten} secrets rewritten\n`);
    });
}

async function* allSecrets(api: ApiClient, namespace: string | undefined): AsyncGenerator<SecretList['items'][number]> {
  let next: string | undefined = '';
  while (next !== undefined) {
    const query = `?limit=${PAGE}${next ? `&continue=${encodeURIComponent(next)}` : ''}`;
    const page: SecretList = await api.request('GET', collectionPath(secrets, namespace) + query);
    yield* page.items;
    next = page.metadata.continue || undefined;
  }
}

/**
 * PUTs the Secret as read, at its resourceVersion. A conflict means someone else wrote it since,
 * which stored it with the current key too; a Secret deleted meanwhile needs nothing either.
 */
async function rewrite(api: ApiClient, secret: SecretList['items'][number]): Promise<string> {
  const { name, namespace } = secret.metadata;
  try {
    await api.request('PUT', objectPath(secrets, namespace, name), { apiVersion: 'v1', kind: 'Secret', ...secret });
    return 'rewritten';
  } catch (err) {
    if (err instanceof ApiError && err.code === 409) return 'changed meanwhile (stored with the current key already)';
    if (err instanceof ApiError && err.code === 404) return 'deleted meanwhile';
    throw err;
  }
}
