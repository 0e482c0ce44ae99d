import { conflict } from '@stevedore/api';
import type { LogFields, Logger } from '@stevedore/log';
import { WorkQueue } from './work-queue';

/** A logger that keeps what it is told. */
function recordingLogger(): Logger & { lines: { level: string; msg: string; fields?: LogFields }[] } {
  const lines: { level: string; msg: string; fields?: LogFields }[] = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ level, msg, fields });
  const log = { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

const settle = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('WorkQueue', () => {
  it('logs a failed reconcile with its key and the error, then retries it', async () => {
    const log = recordingLogger();
    let calls = 0;
    const queue = new WorkQueue(async () => {
      if (++calls === 1) throw new Error('etcd unavailable');
    }, log);
    queue.add('default/web');
    await settle(() => calls >= 2);
    queue.stop();
    expect(calls).toBe(2);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: 'warn', msg: 'reconcile failed; retrying', fields: { key: 'default/web', failures: 1 } });
    expect((log.lines[0]!.fields!.err as Error).message).toBe('etcd unavailable');
  });

  it('logs a conflict only at debug: another writer came first', async () => {
    const log = recordingLogger();
    let calls = 0;
    const queue = new WorkQueue(async () => {
      if (++calls === 1) throw conflict('pods', 'web', 'the object has been modified');
    }, log);
    queue.add('default/web');
    await settle(() => calls >= 2);
    queue.stop();
    expect(log.lines.map((l) => l.level)).toEqual(['debug']);
  });
});
