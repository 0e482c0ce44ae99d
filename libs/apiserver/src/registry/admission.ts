import type { ResourceStrategy } from '@stevedore/api';
import type { ApiObject } from '../objects/api-object';
import type { WriteOptions } from './object-registry';

/** Warnings for the client (Kubernetes' `Warning` response headers), or nothing to say. */
// biome-ignore lint/suspicious/noConfusingVoidType: steps that never warn keep returning Promise<void>.
export type AdmissionWarnings = string[] | undefined | void;

/**
 * A request on a subresource that the resource's own create, update and delete do not cover: a
 * write of status or scale, or a CONNECT (exec, attach, portforward). Only webhooks judge these,
 * as in Kubernetes, where rules name them as `pods/status`, `deployments/scale`, `pods/exec`.
 */
export interface SubresourceRequest {
  operation: 'UPDATE' | 'CONNECT';
  subresource: string;
  namespace?: string;
  name: string;
  /** What the subresource takes: the whole object for status, a Scale, a PodExecOptions; steps may change it. */
  object: ApiObject;
  oldObject?: ApiObject;
  /** The object's kind when it is not the resource's own (autoscaling/v1 Scale, v1 PodExecOptions). */
  kind?: { group: string; version: string; kind: string };
}

/**
 * A step between validation and storage that needs other objects to decide (Kubernetes'
 * admission plugins): a pod's priority from its PriorityClass, say. It may complete the object,
 * refuse it with a Status error, or accept it with warnings. The registry calls it for the
 * resources it is added for.
 */
export interface Admission {
  /** A new object, defaulted and valid, before it is stored. */
  create?(object: ApiObject, options: WriteOptions, resource: ResourceStrategy): Promise<AdmissionWarnings>;
  /** A write of the main resource (not a subresource) over `current`. */
  update?(current: ApiObject, next: ApiObject, options: WriteOptions, resource: ResourceStrategy): Promise<AdmissionWarnings>;
  /** A DELETE of `current` (webhooks judge these); it may refuse, never change, the object. */
  delete?(current: ApiObject, options: WriteOptions, resource: ResourceStrategy): Promise<AdmissionWarnings>;
  /** A subresource write or a CONNECT; it may refuse it, or change `request.object`. */
  subresource?(request: SubresourceRequest, options: WriteOptions, resource: ResourceStrategy): Promise<AdmissionWarnings>;
}

/**
 * Mutating steps may change the object; validating steps only judge it and so run after every
 * mutation, as kube-apiserver orders its plugins.
 */
export type AdmissionPhase = 'mutating' | 'validating';

interface Step {
  admission: Admission;
  phase: AdmissionPhase;
  /** Undefined: every resource (webhooks, quota). */
  resources?: ReadonlySet<ResourceStrategy>;
}

/** The registry's admission plugins in order: mutating ones as added, then validating ones as added. */
export class AdmissionChain {
  private readonly steps: Step[] = [];

  /** Adds a step for the given resources, or for every resource when none is given. */
  add(admission: Admission, options: { phase?: AdmissionPhase; resources?: ResourceStrategy[] } = {}): void {
    const phase = options.phase ?? 'mutating';
    this.steps.push({ admission, phase, resources: options.resources ? new Set(options.resources) : undefined });
  }

  /** Runs the steps in order; the warnings of every step, in that order. */
  async create(resource: ResourceStrategy, object: ApiObject, options: WriteOptions): Promise<string[]> {
    const warnings: string[] = [];
    for (const step of this.ordered(resource)) warnings.push(...((await step.admission.create?.(object, options, resource)) ?? []));
    return warnings;
  }

  async update(resource: ResourceStrategy, current: ApiObject, next: ApiObject, options: WriteOptions): Promise<string[]> {
    const warnings: string[] = [];
    for (const step of this.ordered(resource)) warnings.push(...((await step.admission.update?.(current, next, options, resource)) ?? []));
    return warnings;
  }

  async delete(resource: ResourceStrategy, current: ApiObject, options: WriteOptions): Promise<string[]> {
    const warnings: string[] = [];
    for (const step of this.ordered(resource)) warnings.push(...((await step.admission.delete?.(current, options, resource)) ?? []));
    return warnings;
  }

  async subresource(resource: ResourceStrategy, request: SubresourceRequest, options: WriteOptions): Promise<string[]> {
    const warnings: string[] = [];
    for (const step of this.ordered(resource)) warnings.push(...((await step.admission.subresource?.(request, options, resource)) ?? []));
    return warnings;
  }

  private ordered(resource: ResourceStrategy): Step[] {
    const applies = this.steps.filter((s) => !s.resources || s.resources.has(resource));
    return [...applies.filter((s) => s.phase === 'mutating'), ...applies.filter((s) => s.phase === 'validating')];
  }
}
