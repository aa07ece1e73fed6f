// The operations of the catalog page. Plain strings, so the browser bundle carries no GraphQL
// parser of its own; test/e2e/explorer-http.test.ts validates them against schema/schema.graphql.

export const SEARCH_QUERY = `query ExplorerSearch($filter: ResourceFilter, $first: Int, $after: String) {
  resources(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets {
      shareType { value label count }
      openType { value label count }
      department { value label count }
      category { value label count }
    }
    nodes { code name summary category theme shareType openType updateCycle updatedAt provider { code name } }
  }
}`;

export const DETAIL_QUERY = `query ExplorerResource($code: String!) {
  resource(code: $code) {
    code name summary category theme format updateCycle status
    shareType shareCondition shareMethods legalBasis openType openCondition
    sourceSystem useRequirements publishedAt updatedAt dataUpdatedAt
    provider { code name }
    items { code name dataType length sensitivity maskingStrategy description }
    relatedResources { code name }
    versions { version kind name changedAt note diff }
  }
}`;

export const CATALOG_STATS_QUERY = `query ExplorerCatalogStats {
  catalogStats { resources { departmentCode departmentName shareType openType category count } }
}`;

export const SHARING_REPORT_QUERY = `query ExplorerSharingReport($year: Int!) {
  sharingReport(year: $year) {
    departments { departmentCode departmentName requestsReceived approved rejected overdue medianDecisionWorkingDays }
  }
}`;

export const ME_QUERY = `query ExplorerMe { me { login name roles department { name } } }`;
