// The autoscaler's three conditions, kept as Kubernetes keeps them: one per type, in the order
// first set, with lastTransitionTime moving only when the status flips.
import type { HorizontalPodAutoscalerCondition } from '@stevedore/api';

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

export class Conditions {
  private readonly list: HorizontalPodAutoscalerCondition[];

  constructor(
    previous: readonly HorizontalPodAutoscalerCondition[] | undefined,
    private readonly now: string,
  ) {
    this.list = (previous ?? []).map((c) => ({ ...c }));
  }

  set(type: ConditionType, status: boolean, reason: string, message: string): void {
    let condition = this.list.find((c) => c.type === type);
    if (!condition) {
      condition = { type, status: '' };
      this.list.push(condition);
    }
    const value = status ? 'True' : 'False';
    if (condition.status !== value) condition.lastTransitionTime = this.now;
    Object.assign(condition, { status: value, reason, message });
  }

  get(type: ConditionType): HorizontalPodAutoscalerCondition | undefined {
    return this.list.find((c) => c.type === type);
  }

  toList(): HorizontalPodAutoscalerCondition[] {
    return this.list.map((c) => ({ ...c }));
  }
}
