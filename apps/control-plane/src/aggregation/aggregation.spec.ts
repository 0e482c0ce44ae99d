import { aggregatedResources } from './aggregated-apis';
import { forwardedHeaders, groupVersionOf } from './aggregation-proxy.middleware';

describe('aggregation proxy', () => {
  it('passes who asks as X-Remote headers and never the caller credentials', () => {
    const headers = forwardedHeaders(
      {
        authorization: 'Bearer secret',
        'impersonate-user': 'x',
        'x-remote-user': 'forged',
        accept: 'application/json',
        connection: 'keep-alive',
      },
      { name: 'alice', groups: ['devs', 'system:authenticated'], extra: { scopes: ['a', 'b'] } },
    );
    expect(headers).toEqual({
      accept: 'application/json',
      'X-Remote-User': 'alice',
      'X-Remote-Group': ['devs', 'system:authenticated'],
      'X-Remote-Extra-scopes': ['a', 'b'],
    });
  });

  it('reads the group-version of /apis paths only', () => {
    expect(groupVersionOf('/apis/metrics.k8s.io/v1beta1/nodes')).toEqual({ group: 'metrics.k8s.io', version: 'v1beta1' });
    expect(groupVersionOf('/apis/example.com/v1')).toEqual({ group: 'example.com', version: 'v1' });
    expect(groupVersionOf('/apis/example.com')).toBeUndefined();
    expect(groupVersionOf('/api/v1/pods')).toBeUndefined();
  });

  it('builds aggregated discovery entries from a legacy resource list, subresources folded in', () => {
    const entries = aggregatedResources('example.com', 'v1', [
      { name: 'flunders', singularName: 'flunder', namespaced: true, kind: 'Flunder', verbs: ['get', 'list'], shortNames: ['fl'] },
      { name: 'flunders/status', singularName: '', namespaced: true, kind: 'Flunder', verbs: ['get'] },
    ]);
    expect(entries).toEqual([
      {
        resource: 'flunders',
        responseKind: { group: 'example.com', version: 'v1', kind: 'Flunder' },
        scope: 'Namespaced',
        singularResource: 'flunder',
        verbs: ['get', 'list'],
        shortNames: ['fl'],
        subresources: [{ subresource: 'status', responseKind: { group: 'example.com', version: 'v1', kind: 'Flunder' }, verbs: ['get'] }],
      },
    ]);
  });
});
