// A counting semaphore: at most `size` holders at once, the others wait in arrival order.

export class Semaphore {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    this.free = Math.max(1, Math.floor(size));
  }

  /** Runs fn while holding a slot; the slot is released however fn ends. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }

  /** Holders waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }
}
