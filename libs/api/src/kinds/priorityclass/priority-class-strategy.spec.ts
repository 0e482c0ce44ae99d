import type { PriorityClass } from '../../generated/kubernetes-types';
import { priorityClasses } from './priority-class-strategy';

function problems(pc: PriorityClass, old?: PriorityClass): string[] {
  priorityClasses.defaults(pc);
  return priorityClasses.validate(pc, old).map((c) => `${c.field}: ${c.message}`);
}

const pc = (name: string, value: number, extra: Partial<PriorityClass> = {}): PriorityClass => ({ metadata: { name }, value, ...extra });

describe('PriorityClass strategy', () => {
  it('accepts user classes up to a billion and defaults the preemption policy', () => {
    const high = pc('high', 1_000_000_000);
    expect(problems(high)).toEqual([]);
    expect(high.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(problems(pc('low', -5, { preemptionPolicy: 'Never' }))).toEqual([]);
  });

  it('refuses a user value above a billion', () => {
    expect(problems(pc('huge', 1_000_000_001))).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
  });

  it('reserves the system- prefix for the two system classes with their own values', () => {
    expect(problems(pc('system-cluster-critical', 2_000_000_000))).toEqual([]);
    expect(problems(pc('system-node-critical', 2_000_001_000))).toEqual([]);
    expect(problems(pc('system-mine', 10))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    ]);
    expect(problems(pc('system-node-critical', 10))).toEqual([
      expect.stringContaining('error: value of system-node-critical PriorityClass must be 2000001000'),
    ]);
  });

  it('refuses an unknown preemption policy', () => {
    expect(problems(pc('odd', 1, { preemptionPolicy: 'Sometimes' }))).toEqual([
      'preemptionPolicy: Unsupported value: "Sometimes": supported values: "Never", "PreemptLowerPriority"',
    ]);
  });

  it('keeps value and preemption policy immutable but lets the description change', () => {
    const old = pc('web', 100, { preemptionPolicy: 'Never' });
    expect(problems(pc('web', 100, { preemptionPolicy: 'Never', description: 'new' }), old)).toEqual([]);
    expect(problems(pc('web', 200, { preemptionPolicy: 'PreemptLowerPriority' }), old)).toEqual([
      'value: Forbidden: may not be changed in an update.',
      'preemptionPolicy: Invalid value: "PreemptLowerPriority": field is immutable',
    ]);
  });

  it('refuses to delete the system classes only', () => {
    expect(priorityClasses.delete.forbidden(pc('system-node-critical', 2_000_001_000))).toBe(
      'this is a system priority class and cannot be deleted',
    );
    expect(priorityClasses.delete.forbidden(pc('web', 100))).toBeUndefined();
  });

  it('prints the columns kubectl prints for priority classes', () => {
    const printed = { ...pc('web', 100, { globalDefault: true, preemptionPolicy: 'Never' }) };
    expect(priorityClasses.printer.columns.map((c) => c.name)).toEqual(['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
    expect(priorityClasses.printer.cells(printed, Date.now())).toEqual(['web', 100, true, '<unknown>', 'Never']);
  });
});
