// Who asks, and whether they may ask now: the token, the account and the rate-limit buckets of
// a request.
//
// - The account comes from the account cache (src/db/client.ts accountCache: live while the change
//   feed is, dropped on every change to accounts or departments) or from the database.
// - The buckets are charged through this replica's leases (src/server/rate-lease.ts): a busy
//   bucket is charged once per lease, not once per request.
// - On the database buckets, an account not in the cache is loaded in the statement that charges
//   its buckets (one round trip); on Redis the account is loaded, then Redis is charged.
// So a signed-in request whose account is cached and whose leases hold tokens sends no statement
// before its operation runs.
import type { Db } from "../db/client.js";
import type { FeedCache } from "../db/feed-cache.js";
import { ANONYMOUS, loadAccountRow, loginFromHeader, UNKNOWN_ACCOUNT, viewerOfAccount, type AccountRow, type Viewer } from "../auth/viewer.js";
import { unauthenticated } from "./errors.js";
import { loadAccountAndCharge, rateLimited, type BucketStore, type RateLimits } from "./rate-limit.js";
import type { TokenLeases } from "./rate-lease.js";

export interface RequestRate {
  buckets: BucketStore;
  leases: TokenLeases;
  limits: RateLimits;
  clientAddress: string | null;
  /** Accounts by login; omitted: every request loads its account. */
  accounts?: FeedCache;
}

/** A cached account is shared by every request of its login: none may change it. */
function frozen(a: AccountRow): AccountRow {
  Object.freeze(a.roles);
  return Object.freeze(a);
}

export async function authenticateRequest(db: Db, header: string | undefined, secret: string, rate: RequestRate): Promise<Viewer> {
  const login = await loginFromHeader(header, secret);
  if (login === null) {
    const [wait] = await rate.leases.take([{ key: `ip:${rate.clientAddress ?? "unknown"}`, perMinute: rate.limits.anonymousPerMinute }], rate.buckets.lease);
    if (wait) throw rateLimited("anonymous", wait);
    return ANONYMOUS;
  }
  let account = rate.accounts?.peek<AccountRow>(login);
  if (!account) {
    const ticket = rate.accounts?.ticket() ?? 0;
    if (rate.buckets.kind === "database") {
      // One round trip: the account, and one token of each of its buckets.
      const found = await loadAccountAndCharge(db, login, rate.limits);
      if (!found) throw unauthenticated(UNKNOWN_ACCOUNT);
      rate.accounts?.put(login, frozen(found.account), ticket);
      const viewer = viewerOfAccount(found.account);
      if (!viewer) throw unauthenticated(UNKNOWN_ACCOUNT);
      if (found.wait.account) throw rateLimited("account", found.wait.account);
      if (found.wait.department) throw rateLimited("department", found.wait.department);
      return viewer;
    }
    const row = await loadAccountRow(db, login);
    if (!row) throw unauthenticated(UNKNOWN_ACCOUNT);
    rate.accounts?.put(login, frozen(row), ticket);
    account = row;
  }
  const viewer = viewerOfAccount(account);
  // An inactive account is refused before anything is charged (R31).
  if (!viewer) throw unauthenticated(UNKNOWN_ACCOUNT);
  const [acct, dept] = await rate.leases.take(
    [
      { key: `acct:${account.id}`, perMinute: rate.limits.accountPerMinute },
      { key: `dept:${account.deptId ?? "none"}`, perMinute: account.deptId === null ? 0 : rate.limits.departmentPerMinute },
    ],
    rate.buckets.lease,
  );
  if (acct) throw rateLimited("account", acct);
  if (dept) throw rateLimited("department", dept);
  return viewer;
}
