import { findResource } from '@stevedore/api';
import { type Admission, AdmissionChain } from './admission';

const pods = findResource('', 'pods')!;
const secrets = findResource('', 'secrets')!;

function recorder(name: string, calls: string[]): Admission {
  return {
    create: async () => void calls.push(`create:${name}`),
    update: async () => void calls.push(`update:${name}`),
  };
}

describe('AdmissionChain', () => {
  it('runs mutating steps before validating ones, each in the order added', async () => {
    const calls: string[] = [];
    const chain = new AdmissionChain();
    chain.add(recorder('quota', calls), { phase: 'validating' });
    chain.add(recorder('limits', calls), { resources: [pods] });
    chain.add(recorder('security', calls), { phase: 'validating', resources: [pods] });
    chain.add(recorder('accounts', calls), { resources: [pods] });
    await chain.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, {});
    expect(calls).toEqual(['create:limits', 'create:accounts', 'create:quota', 'create:security']);
  });

  it('skips steps added for other resources, and a step without an update on update', async () => {
    const calls: string[] = [];
    const chain = new AdmissionChain();
    chain.add(recorder('limits', calls), { resources: [pods] });
    chain.add({ create: async () => void calls.push('create:only') });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } };
    await chain.update(secrets, secret, secret, {});
    await chain.create(secrets, secret, {});
    expect(calls).toEqual(['create:only']);
  });

  it('stops at the first refusal and stores nothing past it', async () => {
    const calls: string[] = [];
    const chain = new AdmissionChain();
    chain.add({ create: () => Promise.reject(new Error('denied')) });
    chain.add(recorder('after', calls), { phase: 'validating' });
    await expect(chain.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, {})).rejects.toThrow('denied');
    expect(calls).toEqual([]);
  });

  it('gathers the warnings of every step in order', async () => {
    const chain = new AdmissionChain();
    chain.add({ create: async () => ['first'], update: async () => ['on update'] }, { phase: 'validating' });
    chain.add({ create: async () => undefined });
    chain.add({ create: async () => ['second', 'third'] });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    expect(await chain.create(pods, pod, {})).toEqual(['second', 'third', 'first']);
    expect(await chain.update(pods, pod, pod, {})).toEqual(['on update']);
  });
});
