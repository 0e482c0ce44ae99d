import type { Informer, InformerEvent } from '@stevedore/controllers';
import { Subject } from 'rxjs';
import { resyncRecoveredNodes } from './node-resync';

const node = (name: string, ready: string) => ({ metadata: { name }, status: { conditions: [{ type: 'Ready', status: ready }] } });

describe('resyncRecoveredNodes', () => {
  it('asks a node for its pods again when it turns Ready after being unreachable, and only then', () => {
    const events = new Subject<InformerEvent>();
    const asked: string[] = [];
    const subscription = resyncRecoveredNodes({ events } as unknown as Informer, (name) => asked.push(name));
    events.next({ type: 'ADDED', object: node('a', 'True') } as never);
    events.next({ type: 'MODIFIED', old: node('a', 'True'), object: node('a', 'True') } as never);
    events.next({ type: 'MODIFIED', old: node('a', 'True'), object: node('a', 'Unknown') } as never);
    events.next({ type: 'MODIFIED', old: node('a', 'Unknown'), object: node('a', 'True') } as never);
    expect(asked).toEqual(['a']);
    subscription.unsubscribe();
  });
});
