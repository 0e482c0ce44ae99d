// Counters for the node's DNS server, on the agent's registry: what was asked, where the answer
// came from, and how it ended.
import { Counter, Histogram, type Registry } from 'prom-client';

/** Where an answer came from. */
export type AnswerSource = 'cluster' | 'cache' | 'upstream' | 'none';

export class DnsMetrics {
  private readonly requests: Counter<'source' | 'rcode'>;
  private readonly malformed: Counter;
  private readonly duration: Histogram<'source'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'stevedore_dns_requests_total',
      help: 'DNS requests answered, by where the answer came from and its response code.',
      labelNames: ['source', 'rcode'],
      registers: [registry],
    });
    this.malformed = new Counter({
      name: 'stevedore_dns_malformed_requests_total',
      help: 'DNS messages dropped because they could not be decoded.',
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'stevedore_dns_request_duration_seconds',
      help: 'Time to answer a DNS request, by where the answer came from.',
      labelNames: ['source'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 2.5],
      registers: [registry],
    });
  }

  answered(source: AnswerSource, rcode: string, seconds: number): void {
    this.requests.inc({ source, rcode });
    this.duration.observe({ source }, seconds);
  }

  dropped(): void {
    this.malformed.inc();
  }
}
