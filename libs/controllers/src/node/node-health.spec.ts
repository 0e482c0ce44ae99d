import type { Lease, Pod, Toleration } from '@stevedore/api';
import { evictionTime, leaseFresh, UNREACHABLE_TAINT } from './node-health';

const lease = (renewTime: string): Lease => ({ metadata: {}, spec: { renewTime } });
const pod = (tolerations?: Toleration[]): Pod => ({ metadata: {}, spec: { containers: [], tolerations } });

describe('node health', () => {
  it('treats a lease as fresh within the grace period only', () => {
    const now = Date.parse('2026-11-25T10:00:20Z');
    expect(leaseFresh(lease('2026-11-25T10:00:15.000000Z'), now, 10_000)).toBe(true);
    expect(leaseFresh(lease('2026-11-25T10:00:05.000000Z'), now, 10_000)).toBe(false);
    expect(leaseFresh(undefined, now, 10_000)).toBe(false);
  });

  it("evicts after the pod's own toleration, the default, or never", () => {
    expect(evictionTime(pod(), 1000, 20)).toBe(21_000);
    expect(evictionTime(pod([{ key: UNREACHABLE_TAINT, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }]), 1000, 20)).toBe(
      6000,
    );
    expect(evictionTime(pod([{ key: UNREACHABLE_TAINT, operator: 'Exists', effect: 'NoExecute' }]), 1000, 20)).toBeUndefined();
    expect(evictionTime(pod([{ operator: 'Exists' }]), 1000, 20)).toBeUndefined();
    expect(evictionTime(pod([{ key: 'other', operator: 'Exists' }]), 1000, 20)).toBe(21_000);
  });
});
