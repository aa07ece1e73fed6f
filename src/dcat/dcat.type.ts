import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "DCAT 导入中的一条问题：跳过的数据集，或未能映射的属性" })
export class ImportIssue {
  @Field(() => String, { description: "数据集的 dct:identifier（没有时为其 IRI）；文档级问题为目录的 IRI" })
  datasetId!: string;

  @Field(() => String, { nullable: true, description: "数据集的 dct:title" })
  title!: string | null;

  @Field(() => String, { nullable: true, description: "未能映射的属性，如 dct:spatial（跳过的数据集为 null）" })
  property!: string | null;

  @Field(() => String, { description: "原因（中文，括号内英文）" })
  reason!: string;
}

@ObjectType({ simpleResolvers: true, description: "importDcat 的结果" })
export class ImportReport {
  @Field(() => Int, { description: "文档中的数据集数" })
  datasetCount!: number;

  @Field(() => [String], { description: "新建的目录草稿代码（各归其发布部门，待部门核对后提交审核）" })
  created!: string[];

  @Field(() => [ImportIssue], { description: "跳过的数据集：重复、发布者不是本目录的部门、缺少必填项、目录规则不允许" })
  skipped!: ImportIssue[];

  @Field(() => [ImportIssue], { description: "已导入的数据集中未能映射的属性" })
  unmapped!: ImportIssue[];
}
