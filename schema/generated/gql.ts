/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Departments {\n  departments {\n    code\n    name\n    shortName\n    kind\n    resourceCount\n  }\n}\n\nquery DepartmentCatalog($code: String!, $first: Int) {\n  department(code: $code) {\n    code\n    name\n    resourceCount\n  }\n  resources(\n    filter: {departmentCode: $code}\n    first: $first\n    orderBy: [{field: UPDATED_AT, direction: DESC}]\n  ) {\n    totalCount\n    nodes {\n      code\n      name\n      shareType\n      openType\n    }\n  }\n}": typeof types.DepartmentsDocument,
    "query Me {\n  me {\n    login\n    name\n    roles\n    department {\n      code\n      name\n    }\n  }\n}": typeof types.MeDocument,
    "query ResourceDetail($code: String!) {\n  resource(code: $code) {\n    code\n    name\n    summary\n    category\n    theme\n    format\n    updateCycle\n    shareType\n    shareCondition\n    shareMethods\n    legalBasis\n    openType\n    openCondition\n    sourceSystem\n    useRequirements\n    publishedAt\n    updatedAt\n    dataUpdatedAt\n    provider {\n      code\n      name\n      kind\n    }\n    items {\n      code\n      name\n      dataType\n      length\n      sensitivity\n      maskingStrategy\n      description\n    }\n    relatedResources {\n      code\n      name\n    }\n  }\n}": typeof types.ResourceDetailDocument,
    "query SearchCatalog($filter: ResourceFilter, $first: Int, $after: String, $orderBy: [ResourceOrder!]) {\n  resources(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    facets {\n      shareType {\n        value\n        label\n        count\n      }\n      openType {\n        value\n        label\n        count\n      }\n      category {\n        value\n        label\n        count\n      }\n      department {\n        value\n        label\n        count\n      }\n    }\n    edges {\n      cursor\n      node {\n        code\n        name\n        summary\n        category\n        theme\n        shareType\n        openType\n        updateCycle\n        updatedAt\n        provider {\n          code\n          name\n        }\n      }\n    }\n  }\n}": typeof types.SearchCatalogDocument,
};
const documents: Documents = {
    "query Departments {\n  departments {\n    code\n    name\n    shortName\n    kind\n    resourceCount\n  }\n}\n\nquery DepartmentCatalog($code: String!, $first: Int) {\n  department(code: $code) {\n    code\n    name\n    resourceCount\n  }\n  resources(\n    filter: {departmentCode: $code}\n    first: $first\n    orderBy: [{field: UPDATED_AT, direction: DESC}]\n  ) {\n    totalCount\n    nodes {\n      code\n      name\n      shareType\n      openType\n    }\n  }\n}": types.DepartmentsDocument,
    "query Me {\n  me {\n    login\n    name\n    roles\n    department {\n      code\n      name\n    }\n  }\n}": types.MeDocument,
    "query ResourceDetail($code: String!) {\n  resource(code: $code) {\n    code\n    name\n    summary\n    category\n    theme\n    format\n    updateCycle\n    shareType\n    shareCondition\n    shareMethods\n    legalBasis\n    openType\n    openCondition\n    sourceSystem\n    useRequirements\n    publishedAt\n    updatedAt\n    dataUpdatedAt\n    provider {\n      code\n      name\n      kind\n    }\n    items {\n      code\n      name\n      dataType\n      length\n      sensitivity\n      maskingStrategy\n      description\n    }\n    relatedResources {\n      code\n      name\n    }\n  }\n}": types.ResourceDetailDocument,
    "query SearchCatalog($filter: ResourceFilter, $first: Int, $after: String, $orderBy: [ResourceOrder!]) {\n  resources(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    facets {\n      shareType {\n        value\n        label\n        count\n      }\n      openType {\n        value\n        label\n        count\n      }\n      category {\n        value\n        label\n        count\n      }\n      department {\n        value\n        label\n        count\n      }\n    }\n    edges {\n      cursor\n      node {\n        code\n        name\n        summary\n        category\n        theme\n        shareType\n        openType\n        updateCycle\n        updatedAt\n        provider {\n          code\n          name\n        }\n      }\n    }\n  }\n}": types.SearchCatalogDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Departments {\n  departments {\n    code\n    name\n    shortName\n    kind\n    resourceCount\n  }\n}\n\nquery DepartmentCatalog($code: String!, $first: Int) {\n  department(code: $code) {\n    code\n    name\n    resourceCount\n  }\n  resources(\n    filter: {departmentCode: $code}\n    first: $first\n    orderBy: [{field: UPDATED_AT, direction: DESC}]\n  ) {\n    totalCount\n    nodes {\n      code\n      name\n      shareType\n      openType\n    }\n  }\n}"): (typeof documents)["query Departments {\n  departments {\n    code\n    name\n    shortName\n    kind\n    resourceCount\n  }\n}\n\nquery DepartmentCatalog($code: String!, $first: Int) {\n  department(code: $code) {\n    code\n    name\n    resourceCount\n  }\n  resources(\n    filter: {departmentCode: $code}\n    first: $first\n    orderBy: [{field: UPDATED_AT, direction: DESC}]\n  ) {\n    totalCount\n    nodes {\n      code\n      name\n      shareType\n      openType\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    login\n    name\n    roles\n    department {\n      code\n      name\n    }\n  }\n}"): (typeof documents)["query Me {\n  me {\n    login\n    name\n    roles\n    department {\n      code\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ResourceDetail($code: String!) {\n  resource(code: $code) {\n    code\n    name\n    summary\n    category\n    theme\n    format\n    updateCycle\n    shareType\n    shareCondition\n    shareMethods\n    legalBasis\n    openType\n    openCondition\n    sourceSystem\n    useRequirements\n    publishedAt\n    updatedAt\n    dataUpdatedAt\n    provider {\n      code\n      name\n      kind\n    }\n    items {\n      code\n      name\n      dataType\n      length\n      sensitivity\n      maskingStrategy\n      description\n    }\n    relatedResources {\n      code\n      name\n    }\n  }\n}"): (typeof documents)["query ResourceDetail($code: String!) {\n  resource(code: $code) {\n    code\n    name\n    summary\n    category\n    theme\n    format\n    updateCycle\n    shareType\n    shareCondition\n    shareMethods\n    legalBasis\n    openType\n    openCondition\n    sourceSystem\n    useRequirements\n    publishedAt\n    updatedAt\n    dataUpdatedAt\n    provider {\n      code\n      name\n      kind\n    }\n    items {\n      code\n      name\n      dataType\n      length\n      sensitivity\n      maskingStrategy\n      description\n    }\n    relatedResources {\n      code\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchCatalog($filter: ResourceFilter, $first: Int, $after: String, $orderBy: [ResourceOrder!]) {\n  resources(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    facets {\n      shareType {\n        value\n        label\n        count\n      }\n      openType {\n        value\n        label\n        count\n      }\n      category {\n        value\n        label\n        count\n      }\n      department {\n        value\n        label\n        count\n      }\n    }\n    edges {\n      cursor\n      node {\n        code\n        name\n        summary\n        category\n        theme\n        shareType\n        openType\n        updateCycle\n        updatedAt\n        provider {\n          code\n          name\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query SearchCatalog($filter: ResourceFilter, $first: Int, $after: String, $orderBy: [ResourceOrder!]) {\n  resources(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    facets {\n      shareType {\n        value\n        label\n        count\n      }\n      openType {\n        value\n        label\n        count\n      }\n      category {\n        value\n        label\n        count\n      }\n      department {\n        value\n        label\n        count\n      }\n    }\n    edges {\n      cursor\n      node {\n        code\n        name\n        summary\n        category\n        theme\n        shareType\n        openType\n        updateCycle\n        updatedAt\n        provider {\n          code\n          name\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;