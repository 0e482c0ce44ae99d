// The scheduler's queue of pods waiting for a decision, ordered as kube-scheduler's PrioritySort:
// higher spec.priority first, then the one queued longest. A binary heap keeps add and pop at
// O(log n), which 30,000 queued pods need (a sorted insert would move the array each time).

interface Entry {
  key: string;
  priority: number;
  /** When it was queued, as a counter: the tie-break among equal priorities. */
  seq: number;
}

const before = (a: Entry, b: Entry) => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);

export class SchedulingQueue {
  private readonly heap: Entry[] = [];
  private readonly queued = new Set<string>();
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  has(key: string): boolean {
    return this.queued.has(key);
  }

  /** Queues a pod's key; a key already queued keeps its place. */
  add(key: string, priority: number): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.heap.push({ key, priority, seq: this.seq++ });
    this.siftUp(this.heap.length - 1);
  }

  /** The key to decide next, removed from the queue. */
  pop(): string | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    this.queued.delete(top.key);
    return top.key;
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const entry = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const entry = heap[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, entry)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = entry;
  }
}
