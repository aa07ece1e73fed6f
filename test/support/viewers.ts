// Viewers for unit tests of the visibility keys: an account of the given roles, in a department
// (its id, code D<id>) or in none.
import type { Role, Viewer } from "../../src/auth/viewer.js";

export const testViewer = (accountId: number, roles: Role[], department: number | null): Viewer => ({
  accountId,
  login: `u${accountId}`,
  name: `用户${accountId}`,
  roles,
  department: department === null ? null : { id: department, code: `D${department}`, name: `部门${department}` },
});
