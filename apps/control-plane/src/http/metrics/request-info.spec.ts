import { isLongRunning, requestLabels } from './request-info';

const labels = (method: string, path: string, contentType?: string) => requestLabels(method, new URL(path, 'https://x'), contentType);

describe('request labels', () => {
  it('tells LIST, WATCH and GET apart and names the scope', () => {
    expect(labels('GET', '/api/v1/pods')).toEqual({
      verb: 'LIST',
      group: '',
      version: 'v1',
      resource: 'pods',
      subresource: '',
      scope: 'cluster',
    });
    expect(labels('GET', '/api/v1/namespaces/default/pods?watch=true')).toMatchObject({ verb: 'WATCH', scope: 'namespace' });
    expect(labels('GET', '/api/v1/namespaces/default/pods/web')).toMatchObject({ verb: 'GET', resource: 'pods', scope: 'resource' });
    expect(labels('GET', '/api/v1/namespaces/default')).toMatchObject({ verb: 'GET', resource: 'namespaces', scope: 'resource' });
  });

  it('names groups, subresources, DELETECOLLECTION, APPLY and CONNECT', () => {
    expect(labels('DELETE', '/apis/apps/v1/namespaces/x/deployments')).toMatchObject({
      verb: 'DELETECOLLECTION',
      group: 'apps',
      resource: 'deployments',
    });
    expect(labels('PATCH', '/apis/apps/v1/namespaces/x/deployments/d/scale', 'application/merge-patch+json')).toMatchObject({
      verb: 'PATCH',
      subresource: 'scale',
    });
    expect(labels('PATCH', '/api/v1/namespaces/x/pods/p', 'application/apply-patch+yaml')).toMatchObject({ verb: 'APPLY' });
    const exec = labels('POST', '/api/v1/namespaces/x/pods/p/exec?command=ls');
    expect(exec).toMatchObject({ verb: 'CONNECT', subresource: 'exec' });
    expect(isLongRunning(exec)).toBe(true);
    expect(isLongRunning(labels('GET', '/api/v1/namespaces/x/pods/p/log'))).toBe(true);
  });

  it('leaves the resource empty for other paths and unknown resources', () => {
    expect(labels('GET', '/metrics')).toEqual({ verb: 'GET', group: '', version: '', resource: '', subresource: '', scope: '' });
    expect(labels('GET', '/apis/nope.example/v1/things')).toMatchObject({ resource: '', group: '' });
    expect(labels('GET', '/apis/metrics.k8s.io/v1beta1/nodes')).toMatchObject({ verb: 'LIST', resource: 'nodes' });
  });
});
