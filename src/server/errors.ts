// Errors are codes (ARCHITECTURE.md invariant 7): every error a client sees carries
// extensions.code and a human message, Chinese first where users read it.
import { GraphQLError } from "graphql";

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "DEADLINE_PASSED"
  | "SERVICE_UNAVAILABLE"
  | "RATE_LIMITED"
  | "INTERNAL_SERVER_ERROR";

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  SERVICE_UNAVAILABLE: 503,
};

export function codedError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (message = "身份令牌无效或已过期，请重新获取 (invalid or expired token)") =>
  codedError("UNAUTHENTICATED", message);
export const forbidden = (message = "无权执行此操作 (not allowed)") => codedError("FORBIDDEN", message);
export const badInput = (message: string, extra: Record<string, unknown> = {}) =>
  codedError("BAD_USER_INPUT", message, extra);
export const notFound = (message: string) => codedError("NOT_FOUND", message);
