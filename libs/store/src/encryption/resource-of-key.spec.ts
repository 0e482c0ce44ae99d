import { resourceOfKey } from './resource-of-key';

describe('resourceOfKey', () => {
  it.each([
    ['/secrets/default/s', { group: '', resource: 'secrets' }],
    ['/secrets/', { group: '', resource: 'secrets' }],
    ['/namespaces/default', { group: '', resource: 'namespaces' }],
    ['/apps/deployments/default/web', { group: 'apps', resource: 'deployments' }],
    ['/batch/jobs/', { group: 'batch', resource: 'jobs' }],
    ['/stable.example.com/crontabs/default/c', { group: 'stable.example.com', resource: 'crontabs' }],
    ['/apps/', undefined],
    ['/', undefined],
  ])('%s is %j', (key, expected) => {
    expect(resourceOfKey(key)).toEqual(expected);
  });
});
