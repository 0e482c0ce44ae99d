// Bounds how many pods are being started at once on a node. Starting a pod is a chain of host
// processes (namespace, CNI plugins, mount, conmon + runc create, runc start); with every pod of
// a burst going at once they all share the CPU and finish together, late. With a few at a time
// each pod runs its chain nearly alone and reports Running as soon as it is done.

export class StartSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`start slots must be a positive integer, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves when a slot is free (first come, first served); call the returned function to give it back, once. */
  async acquire(): Promise<() => void> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else this.active--;
    };
  }
}

/** A slot taken the first time one pass needs it and given back when the pass ends. */
export class PassSlot {
  private release?: () => void;
  private taking?: Promise<void>;

  constructor(private readonly slots: StartSlots | undefined) {}

  take(): Promise<void> {
    if (!this.slots) return Promise.resolve();
    this.taking ??= this.slots.acquire().then((release) => {
      this.release = release;
    });
    return this.taking;
  }

  /** Safe to call whether or not a slot was taken; a take still pending is given back when it lands. */
  done(): void {
    if (this.release) return this.release();
    void this.taking?.then(() => this.release?.());
  }
}
