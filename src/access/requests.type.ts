import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { UsePurpose } from "../records/records.input.js";

export enum RequestState {
  PENDING = "PENDING",
  OVERDUE = "OVERDUE",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
  ESCALATED = "ESCALATED",
  CLOSED = "CLOSED",
}
registerEnumType(RequestState, {
  name: "RequestState",
  valuesConfig: {
    PENDING: { description: "待审批" },
    OVERDUE: { description: "逾期未答复（待审批且已过期限）" },
    APPROVED: { description: "已批准（已生成授权）" },
    REJECTED: { description: "已拒绝（可上报协调）" },
    ESCALATED: { description: "已上报主管部门协调" },
    CLOSED: { description: "主管部门驳回，已办结" },
  },
});

export enum RequestKind {
  SHARE = "SHARE",
  RECLASSIFICATION = "RECLASSIFICATION",
}
registerEnumType(RequestKind, {
  name: "RequestKind",
  valuesConfig: {
    SHARE: { description: "共享申请，由提供部门审批" },
    RECLASSIFICATION: { description: "不予共享资源的重新分类申请，由主管部门审核 (002 第二十一条)" },
  },
});

export enum Decision {
  APPROVE = "APPROVE",
  REJECT = "REJECT",
}
registerEnumType(Decision, { name: "Decision" });

@ObjectType({ simpleResolvers: true, description: "共享申请 (R11–R13)" })
export class ShareRequest {
  @Field(() => ID)
  id!: number;

  @Field(() => RequestKind)
  kind!: RequestKind;

  @Field(() => RequestState)
  state!: RequestState;

  @Field(() => String)
  resourceCode!: string;

  @Field(() => String)
  resourceName!: string;

  @Field(() => String, { description: "申请部门名称" })
  requesterDepartment?: string;

  @Field(() => UsePurpose)
  purpose!: UsePurpose;

  @Field(() => String)
  purposeDetail!: string;

  @Field(() => [String])
  items!: string[];

  @Field(() => [String])
  clearItems!: string[];

  @Field(() => DateTimeISOResolver, { description: "申请的授权有效期" })
  validUntil!: Date;

  @Field(() => DateTimeISOResolver)
  submittedAt!: Date;

  @Field(() => DateTimeISOResolver, { description: "答复期限：提交后第 N 个工作日结束 (R12)" })
  deadline!: Date;

  @Field(() => Boolean, { description: "期限跨越尚未发布节假日安排的年份，为暂定" })
  deadlineProvisional!: boolean;

  @Field(() => DateTimeISOResolver, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  decisionReason!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  escalatedAt!: Date | null;

  @Field(() => String, { nullable: true })
  escalationReason!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true })
  resolutionReason!: string | null;

  @Field(() => Int, { nullable: true, description: "批准后生成的授权" })
  grantId!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "授权：某部门为某用途读取某资源的许可" })
export class Grant {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  resourceCode!: string;

  @Field(() => String)
  resourceName!: string;

  @Field(() => String, { description: "被授权部门" })
  departmentName!: string;

  @Field(() => UsePurpose)
  purpose!: UsePurpose;

  @Field(() => [String])
  items!: string[];

  @Field(() => [String])
  clearItems!: string[];

  @Field(() => DateTimeISOResolver)
  validFrom!: Date;

  @Field(() => DateTimeISOResolver)
  validUntil!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true })
  revokedReason!: string | null;

  @Field(() => Boolean, { description: "当前有效（未过期、未撤销）" })
  active!: boolean;
}

@ObjectType({ simpleResolvers: true, description: "部门通知" })
export class Notification {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: "SUBMITTED, APPROVED, REJECTED, DUE_TOMORROW, OVERDUE, ESCALATED, REVOKED …" })
  kind!: string;

  @Field(() => String)
  message!: string;

  @Field(() => Int, { nullable: true })
  requestId!: number | null;

  @Field(() => Int, { nullable: true })
  grantId!: number | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  readAt!: Date | null;
}

@InputType()
export class SubmitShareRequestInput {
  @Field(() => String)
  resourceCode!: string;

  @Field(() => UsePurpose)
  purpose!: UsePurpose;

  @Field(() => String, { description: "具体事项，至少 4 个字符" })
  purposeDetail!: string;

  @Field(() => [String], { description: "申请的信息项" })
  items!: string[];

  @Field(() => [String], { nullable: true, description: "申请以明文提供的信息项（items 的子集）" })
  clearItems?: string[] | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "授权有效期，最长一年；默认 180 天" })
  validUntil?: Date | null;
}

@InputType()
export class HolidayInput {
  @Field(() => String, { description: "YYYY-MM-DD" })
  date!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class CalendarYear {
  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  holidays!: number;

  @Field(() => Int)
  workdays!: number;
}
