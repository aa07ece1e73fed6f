// Undo stack for a bench run: every resource a run creates (a database, a gateway process, a
// private PostgreSQL cluster) registers how to remove it, and the stack runs once — at the end,
// on failure, or on Ctrl-C / SIGTERM — newest first, each step on its own so one failure does not
// leave the rest behind.

type Step = { name: string; run: () => Promise<unknown> | unknown };

export class Cleanup {
  private steps: Step[] = [];
  private running: Promise<void> | null = null;

  /** Registers a step; returns a function that runs it now (and removes it from the stack). */
  add(name: string, run: Step["run"]): () => Promise<void> {
    const step: Step = { name, run };
    this.steps.push(step);
    return async () => {
      const i = this.steps.indexOf(step);
      if (i < 0) return;
      this.steps.splice(i, 1);
      await step.run();
    };
  }

  /** Runs every registered step, newest first. Safe to call more than once. */
  run(): Promise<void> {
    if (!this.running) {
      this.running = (async () => {
        while (this.steps.length) {
          const step = this.steps.pop()!;
          try {
            await step.run();
          } catch (e) {
            process.stderr.write(`cleanup: ${step.name} failed: ${(e as Error)?.message ?? e}\n`);
          }
        }
      })();
    }
    return this.running;
  }

  /**
   * Ctrl-C and SIGTERM clean up, then exit (130 / 143). A signal that arrives while cleaning up
   * (tsx forwards the terminal's SIGINT to its child, so it comes twice) is ignored: without a
   * listener it would end the process half-way.
   */
  installSignalHandlers(): void {
    const on = (signal: NodeJS.Signals, code: number) => {
      process.on(signal, () => {
        if (this.running) return;
        process.stderr.write(`\n${signal}: cleaning up…\n`);
        void this.run().finally(() => process.exit(code));
      });
    };
    on("SIGINT", 130);
    on("SIGTERM", 143);
  }
}

/**
 * Runs a bench's main function with a cleanup stack: the stack runs whatever happens; a thrown
 * error prints one line (the stack with BENCH_DEBUG=1) and exits 2; otherwise the function's
 * return value is the exit code.
 */
export function runMain(main: (cleanup: Cleanup) => Promise<number>): void {
  const cleanup = new Cleanup();
  cleanup.installSignalHandlers();
  main(cleanup)
    .then(
      async (code) => {
        await cleanup.run();
        process.exit(code);
      },
      async (e) => {
        process.stderr.write(`bench failed: ${(e as Error)?.message ?? e}\n`);
        if (process.env.BENCH_DEBUG) console.error(e);
        await cleanup.run();
        process.exit(2);
      },
    );
}
