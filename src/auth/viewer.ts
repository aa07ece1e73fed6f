// Who is asking. A viewer is the anonymous public or a real-name account (R31) loaded fresh on
// every request from the database.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { accounts, departments } from "../db/schema.js";
import { unauthenticated } from "../server/errors.js";
import { verifyTokenCached } from "./token.js";

export type Role = "PROVIDER" | "CONSUMER" | "COORDINATOR" | "AUDITOR" | "ANALYST" | "PUBLIC_USER";

export interface ViewerDepartment {
  id: number;
  code: string;
  name: string;
}

export interface Viewer {
  /** null for the anonymous public. */
  accountId: number | null;
  login: string | null;
  name: string | null;
  department: ViewerDepartment | null;
  roles: Role[];
}

export const ANONYMOUS: Viewer = Object.freeze({
  accountId: null,
  login: null,
  name: null,
  department: null,
  roles: [],
}) as Viewer;

/** The anonymous public and PUBLIC_USER accounts see the open catalog only. */
export function isPublicViewer(v: Viewer): boolean {
  return v.department === null || (v.roles.length > 0 && v.roles.every((r) => r === "PUBLIC_USER"));
}

/** A government account: it belongs to a department and holds a government role. */
export function isGovernmentViewer(v: Viewer): boolean {
  return v.department !== null && v.roles.some((r) => r !== "PUBLIC_USER");
}

export function hasRole(v: Viewer, ...roles: Role[]): boolean {
  return v.roles.some((r) => roles.includes(r));
}

export async function loadAccount(db: Db, login: string): Promise<Viewer | null> {
  const row = await loadAccountRow(db, login);
  return row ? viewerOfAccount(row) : null;
}

/** An account and its department by login (null: no such login), active or not. */
export async function loadAccountRow(db: Db, login: string): Promise<AccountRow | null> {
  const rows = await db
    .select({
      id: accounts.id,
      login: accounts.login,
      name: accounts.name,
      roles: accounts.roles,
      active: accounts.active,
      deptId: departments.id,
      deptCode: departments.code,
      deptName: departments.name,
    })
    .from(accounts)
    .leftJoin(departments, eq(departments.id, accounts.departmentId))
    .where(eq(accounts.login, login))
    .limit(1);
  return rows[0] ?? null;
}

/** An account as loaded with its department (the columns the viewer is made of). */
export interface AccountRow {
  id: number;
  login: string;
  name: string;
  roles: string[];
  active: boolean;
  deptId: number | null;
  deptCode: string | null;
  deptName: string | null;
}

/** The viewer of an account row (null when the account is inactive). */
export function viewerOfAccount(a: AccountRow): Viewer | null {
  if (!a.active) return null;
  return {
    accountId: a.id,
    login: a.login,
    name: a.name,
    roles: a.roles as Role[],
    department: a.deptId !== null ? { id: a.deptId, code: a.deptCode!, name: a.deptName! } : null,
  };
}

/**
 * The login a request's Authorization header names, after checking its token. No header: null
 * (the anonymous public). Anything else that is not a valid token: UNAUTHENTICATED.
 */
export async function loginFromHeader(header: string | undefined, secret: string): Promise<string | null> {
  if (header === undefined || header.trim() === "") return null;
  const m = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)\s*$/i.exec(header);
  if (!m) throw unauthenticated("Authorization 头格式应为 Bearer <令牌> (expected: Bearer <token>)");
  const check = await verifyTokenCached(m[1], secret);
  if (!check.ok) {
    throw unauthenticated(
      check.reason === "expired"
        ? "身份令牌已过期，请重新获取 (token expired)"
        : "身份令牌无效 (invalid token)",
    );
  }
  return check.login;
}

export const UNKNOWN_ACCOUNT = "账号不存在或已停用 (unknown or inactive account)";

/**
 * The viewer of a request from its Authorization header. No header: the anonymous public.
 * Anything else that is not a valid token of an active account: UNAUTHENTICATED.
 */
export async function viewerFromHeader(db: Db, header: string | undefined, secret: string): Promise<Viewer> {
  const login = await loginFromHeader(header, secret);
  if (login === null) return ANONYMOUS;
  const viewer = await loadAccount(db, login);
  if (!viewer) throw unauthenticated(UNKNOWN_ACCOUNT);
  return viewer;
}
