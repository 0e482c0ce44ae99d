// The pod spec the scheduler benchmarks create, as the API stores it once defaulted (so the
// etcd floor's values are the same size as the real ones).

/** A fresh copy each call, so that a benchmark may change its own. */
export function podSpec() {
  return {
    containers: [
      {
        name: 'main',
        image: 'bench.local/pause:1',
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        resources: {} as { requests?: Record<string, string> },
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    serviceAccountName: 'default',
    priority: 0,
    preemptionPolicy: 'PreemptLowerPriority',
    tolerations: [],
  };
}
