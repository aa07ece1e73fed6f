import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../server/pagination.js";
import { Resource } from "./resource.type.js";

@ObjectType({ simpleResolvers: true, description: "分面计数" })
export class FacetCount {
  @Field(() => String, { description: "取值（枚举值或部门代码）" })
  value!: string;

  @Field(() => String, { description: "中文名称" })
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: "按检索条件统计的分面" })
export class ResourceFacets {
  @Field(() => [FacetCount])
  shareType!: FacetCount[];

  @Field(() => [FacetCount])
  openType!: FacetCount[];

  @Field(() => [FacetCount])
  category!: FacetCount[];

  @Field(() => [FacetCount])
  department!: FacetCount[];
}

@ObjectType({ simpleResolvers: true })
export class ResourceEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Resource)
  node!: Resource;
}

@ObjectType({ simpleResolvers: true })
export class ResourceConnection {
  @Field(() => [ResourceEdge])
  edges!: ResourceEdge[];

  @Field(() => [Resource])
  nodes!: Resource[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  // totalCount and facets are computed only when asked for (ResourceConnectionResolver).
  @Field(() => Int)
  totalCount?: number;

  @Field(() => ResourceFacets)
  facets?: ResourceFacets;
}
