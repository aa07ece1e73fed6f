// Who asks, and whether they may ask now: the token, the account and the rate-limit buckets of
// a request. On the database buckets a signed-in request loads its account and charges its
// buckets in one statement; on Redis the account is loaded, then Redis is charged.
import type { Db } from "../db/client.js";
import { ANONYMOUS, loadAccount, loginFromHeader, UNKNOWN_ACCOUNT, viewerOfAccount, type Viewer } from "../auth/viewer.js";
import { unauthenticated } from "./errors.js";
import { checkRequestRate, loadAccountAndCharge, rateLimited, type BucketStore, type RateLimits } from "./rate-limit.js";

export async function authenticateRequest(
  db: Db,
  header: string | undefined,
  secret: string,
  rate: { buckets: BucketStore; limits: RateLimits; clientAddress: string | null },
): Promise<Viewer> {
  const login = await loginFromHeader(header, secret);
  if (login === null) {
    await checkRequestRate(rate.buckets, rate.limits, { accountId: null, departmentId: null, clientAddress: rate.clientAddress });
    return ANONYMOUS;
  }
  if (rate.buckets.kind === "database") {
    const found = await loadAccountAndCharge(db, login, rate.limits);
    const viewer = found ? viewerOfAccount(found.account) : null;
    if (!found || !viewer) throw unauthenticated(UNKNOWN_ACCOUNT);
    if (found.wait.account) throw rateLimited("account", found.wait.account);
    if (found.wait.department) throw rateLimited("department", found.wait.department);
    return viewer;
  }
  const viewer = await loadAccount(db, login);
  if (!viewer) throw unauthenticated(UNKNOWN_ACCOUNT);
  await checkRequestRate(rate.buckets, rate.limits, {
    accountId: viewer.accountId,
    departmentId: viewer.department?.id ?? null,
    clientAddress: rate.clientAddress,
  });
  return viewer;
}
