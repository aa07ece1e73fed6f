// A weighted semaphore: holders take `weight` units of a fixed capacity; the others wait in
// arrival order (a heavy waiter at the head is not overtaken, so it cannot starve).

export class Semaphore {
  private free: number;
  private readonly waiting: Array<{ weight: number; go: () => void }> = [];

  constructor(readonly capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.free = this.capacity;
  }

  /**
   * Runs fn while holding `weight` units (at least 1, at most the capacity); the units are
   * released however fn ends.
   */
  async run<T>(fn: () => Promise<T>, weight = 1): Promise<T> {
    const w = Math.min(this.capacity, Math.max(1, Math.ceil(weight)));
    if (this.waiting.length === 0 && this.free >= w) this.free -= w;
    else await new Promise<void>((go) => this.waiting.push({ weight: w, go }));
    try {
      return await fn();
    } finally {
      this.free += w;
      while (this.waiting.length && this.free >= this.waiting[0].weight) {
        const next = this.waiting.shift()!;
        this.free -= next.weight;
        next.go();
      }
    }
  }

  /** Holders waiting for units now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Units not held now. */
  get available(): number {
    return this.free;
  }
}
