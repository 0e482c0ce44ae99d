// Repeats of one event (same object, type, reason, message and source) become one Event whose
// count and lastTimestamp grow, as client-go's correlator does: a crash-looping pod yields
// "BackOff (x12 over 5m)", not twelve objects.

import { events as EVENTS, isNotFound } from '@stevedore/api';
import type { ApiObject, ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { randomUUID } from 'crypto';

/** How long after its last repeat an event is still counted on (client-go uses 10 minutes). */
const SERIES_WINDOW_MS = 10 * 60_000;
/** client-go keeps 4,096 per process, which for a kubelet is per node. */
const MAX_SERIES = 4096;

interface Series {
  namespace: string;
  name: string;
  count: number;
  firstTimestamp: string;
  lastSeen: number;
}

export class EventCorrelator {
  /** Insertion-ordered, so the oldest series is dropped first when the map is full. */
  private readonly series = new Map<string, Series>();

  private readonly log = logger('events');

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly maxSeries = MAX_SERIES,
  ) {}

  /** Writes the event, or counts it on the earlier one it repeats. Never throws: events are best effort, and a lost one is logged. */
  async record(event: ApiObject): Promise<void> {
    const namespace = event.metadata?.namespace || event.involvedObject?.namespace || 'default';
    const key = seriesKey(event, namespace);
    const now = Date.now();
    const earlier = this.series.get(key);
    this.series.delete(key);
    if (earlier && now - earlier.lastSeen < SERIES_WINDOW_MS && (await this.bump(earlier, event))) {
      this.remember(key, earlier, now);
      return;
    }
    const name = event.metadata?.name || `${event.involvedObject?.name ?? 'event'}.${uniqueSuffix()}`;
    const created = await this.registry
      .create(EVENTS, namespace, { ...event, metadata: { ...event.metadata, name, namespace } }, { fieldValidation: 'Ignore' })
      .catch((err) => this.lost(event, namespace, err));
    if (created) this.remember(key, { namespace, name, count: event.count ?? 1, firstTimestamp: event.firstTimestamp, lastSeen: now }, now);
  }

  private lost(event: ApiObject, namespace: string, err: unknown): undefined {
    // A namespace being deleted takes its events with it: routine.
    const level = isNotFound(err) ? 'debug' : 'warn';
    this.log[level]('event not recorded', { key: `${namespace}/${event.involvedObject?.name ?? ''}`, reason: event.reason, err });
    return undefined;
  }

  /** False when the earlier event is gone (expired, deleted) or cannot be updated: a new one is written instead. */
  private async bump(series: Series, event: ApiObject): Promise<boolean> {
    series.count += 1;
    const patch = { count: series.count, lastTimestamp: event.lastTimestamp ?? this.registry.timestamp() };
    return this.registry.patch(EVENTS, series.namespace, series.name, 'merge', patch).then(
      () => true,
      () => false,
    );
  }

  private remember(key: string, series: Series, now: number): void {
    series.lastSeen = now;
    this.series.set(key, series);
    if (this.series.size > this.maxSeries) this.series.delete(this.series.keys().next().value!);
  }
}

/**
 * 16 hex digits of a random UUID: randomUUID draws from a buffered pool, where randomBytes(8)
 * was a synchronous call per event (0.3 s of the control plane's CPU for 40,000 events).
 */
function uniqueSuffix(): string {
  return randomUUID().replace(/-/g, '').slice(0, 16);
}

function seriesKey(event: ApiObject, namespace: string): string {
  const o = event.involvedObject ?? {};
  return JSON.stringify([
    namespace,
    o.kind,
    o.name,
    o.uid,
    o.fieldPath,
    event.type,
    event.reason,
    event.message,
    event.source?.component,
    event.source?.host,
  ]);
}
