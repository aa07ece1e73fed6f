// Builds the executable schema: type-graphql resolvers, then the graphql-shield middleware.
import "reflect-metadata";
import { buildSchema } from "type-graphql";
import { applyMiddleware } from "graphql-middleware";
import type { GraphQLSchema } from "graphql";
import { MeResolver } from "../auth/me.resolver.js";
import { DepartmentResolver } from "../catalog/department.resolver.js";
import { ResourceConnectionResolver, ResourceResolver } from "../catalog/resource.resolver.js";
import { permissions } from "../policy/permissions.js";
import { inputHygiene } from "./input-hygiene.js";
import { RecordsResolver } from "../records/records.resolver.js";
import { IntakeResolver } from "../records/intake.resolver.js";
import { AuditResolver } from "../audit/audit.resolver.js";
import { RequestsResolver } from "../access/requests.resolver.js";
import { OpenApplicationsResolver } from "../open-data/applications.resolver.js";
import { CatalogEditingResolver } from "../catalog/editing.resolver.js";
import { FeedbackResolver } from "../access/feedback.resolver.js";
import { StatsResolver } from "../stats/stats.resolver.js";
import { DcatResolver } from "../dcat/dcat.resolver.js";

export const resolvers = [
  MeResolver,
  DepartmentResolver,
  ResourceResolver,
  ResourceConnectionResolver,
  RecordsResolver,
  IntakeResolver,
  AuditResolver,
  RequestsResolver,
  OpenApplicationsResolver,
  CatalogEditingResolver,
  FeedbackResolver,
  StatsResolver,
  DcatResolver,
] as const;

/** The schema as the code declares it, without the authorisation layer (for SDL generation). */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    validate: false,
  });
}

export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  // Argument hygiene first (outermost): a bad string or id is refused before the shield rules,
  // which may write it to the audit trail.
  return applyMiddleware(await buildBareSchema(), inputHygiene, permissions());
}
