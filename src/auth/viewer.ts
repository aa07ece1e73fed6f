// Who is asking. A viewer is the anonymous public or a real-name account (R31) loaded fresh on
// every request from the database.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { accounts, departments } from "../db/schema.js";
import { unauthenticated } from "../server/errors.js";
import { verifyToken } from "./token.js";

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
  const a = rows[0];
  if (!a || !a.active) return null;
  return {
    accountId: a.id,
    login: a.login,
    name: a.name,
    roles: a.roles as Role[],
    department: a.deptId !== null ? { id: a.deptId, code: a.deptCode!, name: a.deptName! } : null,
  };
}

/**
 * The viewer of a request from its Authorization header. No header: the anonymous public.
 * Anything else that is not a valid token of an active account: UNAUTHENTICATED.
 */
export async function viewerFromHeader(db: Db, header: string | undefined, secret: string): Promise<Viewer> {
  if (header === undefined || header.trim() === "") return ANONYMOUS;
  const m = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)\s*$/i.exec(header);
  if (!m) throw unauthenticated("Authorization 头格式应为 Bearer <令牌> (expected: Bearer <token>)");
  const check = await verifyToken(m[1], secret);
  if (!check.ok) {
    throw unauthenticated(
      check.reason === "expired"
        ? "身份令牌已过期，请重新获取 (token expired)"
        : "身份令牌无效 (invalid token)",
    );
  }
  const viewer = await loadAccount(db, check.login);
  if (!viewer) throw unauthenticated("账号不存在或已停用 (unknown or inactive account)");
  return viewer;
}
