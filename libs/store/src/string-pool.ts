// Decoded objects repeat the same short strings thousands of times: every pod of a ReplicaSet
// has the same image, scheduler name, condition types and, within a second, the same
// timestamps, and JSON.parse gives each occurrence its own copy. At 30,000 pods those copies
// were 60 MB of a 310 MB heap. Sharing one copy of each short value keeps a cluster's objects
// about the size of what is different between them.

/** Image digests fit; longer strings (messages, annotations, certificates) are rarely repeated. */
const MAX_LENGTH = 96;

export class StringPool {
  private readonly strings = new Map<string, string>();

  /** Forgets everything once full, so unique values (names, UIDs) cannot grow it without bound. */
  constructor(private readonly capacity = 100_000) {}

  get size(): number {
    return this.strings.size;
  }

  /** Replaces, in place, every short string value in the object tree by its pooled copy. */
  internAll(value: unknown): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.internValue(value[i]);
    } else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      for (const key in object) object[key] = this.internValue(object[key]);
    }
  }

  private internValue(value: unknown): unknown {
    if (typeof value === 'string') return value.length <= MAX_LENGTH ? this.intern(value) : value;
    if (value !== null && typeof value === 'object') this.internAll(value);
    return value;
  }

  intern(s: string): string {
    const pooled = this.strings.get(s);
    if (pooled !== undefined) return pooled;
    if (this.strings.size >= this.capacity) this.strings.clear();
    this.strings.set(s, s);
    return s;
  }
}
