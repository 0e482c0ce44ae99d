// Kubernetes' token controller for legacy ServiceAccount token Secrets: fills each one in as
// planTokenSecret says, and deletes it when its account is missing. A Secret is looked at when it
// changes and when its namespace's accounts change (an account deleted takes its Secrets along).
import { ignoring, isConflict, isNotFound, type Secret, type ServiceAccount, secrets, serviceAccounts } from '@stevedore/api';
import { deleteObject, type ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { cacheKey, type Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { isTokenSecret, planTokenSecret, SERVICE_ACCOUNT_NAME_ANNOTATION, SERVICE_ACCOUNT_UID_ANNOTATION } from './token-secret-plan';

/** Signs the never-expiring token of one Secret for one account (the auth library's legacy tokens). */
export type LegacyTokenSigner = (input: {
  namespace: string;
  secret: { name: string; uid: string };
  serviceAccount: { name: string; uid: string };
}) => Promise<string>;

export class TokenSecretController {
  private readonly log = logger('token-secret-controller');
  readonly queue = new WorkQueue((key) => this.reconcile(key), this.log, 2);

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly secretInformer: Informer<Secret>,
    private readonly accounts: Informer<ServiceAccount>,
    private readonly sign: LegacyTokenSigner,
    private readonly caCert?: string,
  ) {
    secretInformer.events.subscribe((e) => e.type !== 'DELETED' && isTokenSecret(e.object) && this.queue.add(cacheKey(e.object)));
    accounts.events.subscribe((e) => this.queueSecretsOf(e.object));
    for (const secret of secretInformer.list(isTokenSecret)) this.queue.add(cacheKey(secret));
  }

  stop(): void {
    this.queue.stop();
  }

  private queueSecretsOf(account: ServiceAccount): void {
    const { namespace, name } = account.metadata;
    for (const secret of this.secretInformer.list(
      (s) => s.metadata.namespace === namespace && isTokenSecret(s) && s.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] === name,
    ))
      this.queue.add(cacheKey(secret));
  }

  private async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const secret = this.secretInformer.get(namespace, name);
    if (!secret) return;
    const accountName = secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? '';
    // An account created a moment ago may not be in the informer yet: the store decides a deletion.
    const account =
      this.accounts.get(namespace, accountName) ??
      (await this.registry.get(serviceAccounts, namespace, accountName).catch(ignoring(isNotFound)));
    const plan = planTokenSecret(secret, account, this.caCert);
    if (plan.action === 'delete') {
      this.log.info('deleting a ServiceAccount token Secret', { secret: key, reason: plan.reason });
      await deleteObject(this.registry, secrets, namespace, name, { preconditions: { uid: secret.metadata.uid } }).catch(
        ignoring(isNotFound, isConflict),
      );
      return;
    }
    if (plan.action !== 'fill') return;
    const token = plan.token
      ? await this.sign({
          namespace,
          secret: { name, uid: secret.metadata.uid! },
          serviceAccount: { name: accountName, uid: plan.accountUid },
        })
      : undefined;
    await this.registry.modify(secrets, namespace, name, (current) => {
      if (current.metadata.uid !== secret.metadata.uid) return undefined;
      current.metadata.annotations = { ...current.metadata.annotations, [SERVICE_ACCOUNT_UID_ANNOTATION]: plan.accountUid };
      current.data = { ...current.data, ...plan.data };
      if (token && !current.data.token) current.data.token = Buffer.from(token).toString('base64');
      return current;
    });
  }
}
