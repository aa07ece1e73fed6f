// Waiting in tests for something another connection or timer makes true (a notification of the
// change feed, a request reaching the admission queue), with a deadline and a message naming it.
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
