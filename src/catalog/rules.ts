// Catalog rules shared by the demo city, the catalog editor and validation.

export type ShareType = "UNCONDITIONAL" | "CONDITIONAL" | "NOT_SHARED";
export type OpenType = "UNCONDITIONAL" | "CONDITIONAL" | "NOT_OPEN";
export type Category = "BASE" | "THEME" | "DEPARTMENT";

/**
 * Which share × open pairs the rules allow. What government departments may not have freely
 * cannot be open to the public freely: a conditionally shared resource is at most conditionally
 * open, and a not-shared one (R3, with its legal basis) is not open (R7).
 */
export function isAllowedShareOpenPair(share: ShareType, open: OpenType): boolean {
  if (share === "UNCONDITIONAL") return true;
  if (share === "CONDITIONAL") return open !== "UNCONDITIONAL";
  return open === "NOT_OPEN";
}

export const ALLOWED_SHARE_OPEN_PAIRS: ReadonlyArray<[ShareType, OpenType]> = (
  ["UNCONDITIONAL", "CONDITIONAL", "NOT_SHARED"] as ShareType[]
).flatMap((s) =>
  (["UNCONDITIONAL", "CONDITIONAL", "NOT_OPEN"] as OpenType[])
    .filter((o) => isAllowedShareOpenPair(s, o))
    .map((o) => [s, o] as [ShareType, OpenType]),
);

/** R4: base resources (人口, 法人单位, 自然资源和空间地理, 电子证照, 社会信用) are unconditionally shared. */
export const BASE_THEMES = ["人口", "法人单位", "自然资源和空间地理", "电子证照", "社会信用"] as const;

export function checkBaseShare(category: Category, share: ShareType): string | null {
  if (category === "BASE" && share !== "UNCONDITIONAL") {
    return "R4: 基础信息资源必须无条件共享 (a base resource must be unconditionally shared)";
  }
  return null;
}
