import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver, JSONResolver } from "graphql-scalars";
import { PageInfo } from "../server/pagination.js";
import { UsePurpose } from "../records/records.input.js";

@ObjectType({ simpleResolvers: true, description: "审计事件（只可追加，哈希链防篡改，R30/R32）" })
export class AuditEvent {
  @Field(() => ID)
  id!: number;

  @Field(() => DateTimeISOResolver)
  at!: Date;

  @Field(() => String, { nullable: true, description: "账号；匿名公众为空" })
  login!: string | null;

  @Field(() => String, { nullable: true, description: "部门统一社会信用代码" })
  departmentCode!: string | null;

  @Field(() => [String])
  roles!: string[];

  @Field(() => String, { description: "records 或 verify" })
  operation!: string;

  @Field(() => String, { nullable: true })
  resourceCode!: string | null;

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => String, { nullable: true })
  purposeDetail!: string | null;

  @Field(() => [String])
  itemsClear!: string[];

  @Field(() => [String])
  itemsMasked!: string[];

  @Field(() => [String])
  itemsWithheld!: string[];

  @Field(() => JSONResolver, { description: "使用的筛选与排序（仅信息项与操作，不含取值）" })
  filters!: unknown;

  @Field(() => Int)
  rowCount!: number;

  @Field(() => [Int])
  grantIds!: number[];

  @Field(() => String, { description: "ALLOWED 或 DENIED" })
  outcome!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true })
  requestId!: string | null;

  @Field(() => String, { nullable: true })
  clientAddress!: string | null;

  @Field(() => String)
  prevHash!: string;

  @Field(() => String)
  hash!: string;
}

@ObjectType({ simpleResolvers: true })
export class AuditEventConnection {
  @Field(() => [AuditEvent])
  nodes!: AuditEvent[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount?: number;
}

@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true })
  login?: string | null;

  @Field(() => String, { nullable: true })
  departmentCode?: string | null;

  @Field(() => String, { nullable: true })
  resourceCode?: string | null;

  @Field(() => UsePurpose, { nullable: true })
  purpose?: UsePurpose | null;

  @Field(() => String, { nullable: true, description: "ALLOWED 或 DENIED" })
  outcome?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  from?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  to?: Date | null;
}

@ObjectType({ simpleResolvers: true, description: "审计链校验结果" })
export class AuditChainCheck {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Int, { description: "已校验的事件数" })
  checked!: number;

  @Field(() => ID, { nullable: true, description: "第一个断裂处的事件编号" })
  firstBrokenId!: number | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}
