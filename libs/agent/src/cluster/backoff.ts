/** Reconnect delays as gRPC recommends: 1 s growing ×1.6 with ±20 % jitter, capped. */
export class Backoff {
  private current: number;

  constructor(
    private readonly baseMs = 1000,
    private readonly capMs = 30_000,
    private readonly factor = 1.6,
  ) {
    this.current = baseMs;
  }

  next(): number {
    const jittered = this.current * (0.8 + Math.random() * 0.4);
    this.current = Math.min(this.current * this.factor, this.capMs);
    return Math.round(jittered);
  }

  reset(): void {
    this.current = this.baseMs;
  }
}
