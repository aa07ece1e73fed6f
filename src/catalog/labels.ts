// Chinese labels of the catalog's coded values, as users read them (facets, messages).
export const resourceLabels = {
  shareType: { UNCONDITIONAL: "无条件共享", CONDITIONAL: "有条件共享", NOT_SHARED: "不予共享" },
  openType: { UNCONDITIONAL: "无条件开放", CONDITIONAL: "有条件开放", NOT_OPEN: "不予开放" },
  category: { BASE: "基础信息资源", THEME: "主题信息资源", DEPARTMENT: "部门信息资源" },
} as const satisfies Record<string, Record<string, string>>;
