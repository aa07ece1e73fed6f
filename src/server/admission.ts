// Admission: how many GraphQL operations execute at once, and how many may wait for a turn.
//
// Every operation interleaves its database round trips with everyone else's on one event loop and
// one pool. With a hundred operations running at once, each round trip waits behind the other
// ninety-nine, so an operation of five round trips (a records page, a verification) waits five
// times as long as a search of one, and the slowest answers are several times the median. Letting
// a bounded number run and the rest wait once, in arrival order, gives every request the same
// single wait: the same throughput, a tighter tail, and fewer half-done operations in memory.
// A request whose client has gone away while it waited is dropped, not executed.

export interface Turn {
  /** Resolves when the operation may run; rejects with Abandoned when the client has left. */
  readonly ready: Promise<void>;
  /** Ends the turn (or leaves the queue); safe to call more than once. */
  release(): void;
}

export class Abandoned extends Error {
  constructor() {
    super("the client left before its turn");
  }
}

interface Waiter {
  go(): void;
  fail(e: Error): void;
  gone: boolean;
}

export class Admission {
  private running = 0;
  private waiting: Waiter[] = [];
  private head = 0;
  private queuedNow = 0;
  /** Operations refused because the queue was full (metrics). */
  refused = 0;
  /** Requests dropped from the queue because their client left (metrics). */
  abandoned = 0;
  /** Operations admitted, and the seconds they waited for their turn in all (metrics). */
  admitted = 0;
  waitedSeconds = 0;

  /**
   * `limit` operations run at once (at least 1); up to `queueMax` more wait in arrival order (0:
   * none wait, a request beyond the limit is refused at once).
   */
  constructor(
    readonly limit: number,
    readonly queueMax: number,
  ) {
    this.limit = Math.max(1, Math.floor(limit));
    this.queueMax = Math.max(0, Math.floor(queueMax));
  }

  /** Operations running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Requests waiting for a turn now. */
  get queued(): number {
    return this.queuedNow;
  }

  /** A turn, or null when the queue is full (the caller answers 503 at once). */
  enter(): Turn | null {
    if (this.running < this.limit && this.queuedNow === 0) {
      this.running++;
      this.admitted++;
      return this.turn(Promise.resolve(), null);
    }
    if (this.queuedNow >= this.queueMax) {
      this.refused++;
      return null;
    }
    let waiter!: Waiter;
    const since = performance.now();
    const ready = new Promise<void>((go, fail) => {
      waiter = {
        go: () => {
          this.admitted++;
          this.waitedSeconds += (performance.now() - since) / 1000;
          go();
        },
        fail,
        gone: false,
      };
    });
    this.waiting.push(waiter);
    this.queuedNow++;
    return this.turn(ready, waiter);
  }

  private turn(ready: Promise<void>, waiter: Waiter | null): Turn {
    let admitted = waiter === null;
    let done = false;
    if (waiter) {
      const go = waiter.go;
      waiter.go = () => {
        admitted = true;
        go();
      };
    }
    // A rejection nobody awaits (the request was abandoned before it awaited) is not an error.
    ready.catch(() => {});
    return {
      ready,
      release: () => {
        if (done) return;
        done = true;
        if (admitted) {
          this.running--;
          this.dispatch();
        } else if (waiter && !waiter.gone) {
          // Left the queue before its turn: its place is skipped when reached.
          waiter.gone = true;
          this.queuedNow--;
          this.abandoned++;
          waiter.fail(new Abandoned());
        }
      },
    };
  }

  private dispatch(): void {
    while (this.running < this.limit && this.head < this.waiting.length) {
      const w = this.waiting[this.head++];
      if (w.gone) continue;
      w.gone = true;
      this.queuedNow--;
      this.running++;
      w.go();
    }
    // Compact the array now and then instead of shifting it on every turn.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }
}
