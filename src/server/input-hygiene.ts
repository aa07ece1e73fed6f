// Argument hygiene at the root, before authorisation and before anything reaches SQL or the audit
// trail. Two kinds of value would otherwise end as INTERNAL_SERVER_ERROR deep inside a service:
// - strings PostgreSQL cannot hold, or not as sent: U+0000 (text and jsonb refuse it) and lone
//   UTF-16 surrogates (not Unicode; the drivers replace them, so a value written to the
//   hash-chained audit trail would no longer match its hash, and jsonb refuses their escapes);
// - ID arguments that are not the integer keys they name ("abc", "1.5", "99999999999" reach an
//   integer column as NaN or out of range).
// - values nested deeper than MAX_DEPTH (type-graphql converts argument values recursively: a
//   JSON argument of 5,000 nested lists overflows the stack).
// Every string in the arguments is checked, inside lists, input objects and JSON values (keys
// too), iteratively so that deeply nested JSON cannot exhaust the stack here. A refusal is
// BAD_USER_INPUT naming the argument; nothing runs.
import {
  GraphQLError,
  GraphQLList,
  GraphQLNonNull,
  type ASTVisitor,
  type GraphQLInputType,
  type GraphQLResolveInfo,
  type ValidationContext,
} from "graphql";
import type { IMiddlewareTypeMap } from "graphql-middleware";
import { badInput } from "./errors.js";

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Keys are PostgreSQL `integer`s. */
const MAX_ID = 2_147_483_647;
/** Lists and objects inside one argument value; the API's deepest real use is 3 (rows of objects). */
export const MAX_DEPTH = 32;

/** Why a string cannot be taken, or null when it can. */
export function badString(s: string): string | null {
  if (NUL.test(s)) return "不能包含 NUL 字符 (U+0000 is not allowed)";
  if (LONE_SURROGATE.test(s)) return "含有无效的 Unicode 字符 (lone surrogate)";
  return null;
}

function badInputString(argument: string, why: string) {
  return badInput(`参数 ${argument} ${why}`, { argument });
}

/** Why a value cannot be taken (a bad string anywhere inside it, keys too, or too deep), or null. */
function findBadValue(value: unknown): string | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string") {
      const why = badString(v);
      if (why) return why;
    } else if (v !== null && typeof v === "object" && !(v instanceof Date)) {
      if (depth >= MAX_DEPTH) return `嵌套超过 ${MAX_DEPTH} 层 (nested deeper than ${MAX_DEPTH})`;
      if (Array.isArray(v)) {
        for (const x of v) stack.push([x, depth + 1]);
      } else {
        for (const [k, x] of Object.entries(v)) {
          const why = badString(k);
          if (why) return why;
          stack.push([x, depth + 1]);
        }
      }
    }
  }
  return null;
}

function isIdType(t: GraphQLInputType): boolean {
  let u: GraphQLInputType = t;
  while (u instanceof GraphQLNonNull || u instanceof GraphQLList) u = u.ofType as GraphQLInputType;
  return "name" in u && u.name === "ID";
}

function validId(v: unknown): boolean {
  if (typeof v !== "string" || !/^\d{1,10}$/.test(v)) return false;
  return Number(v) <= MAX_ID;
}

/** Checks the arguments of a root field; throws BAD_USER_INPUT at the first bad one. */
export function checkArguments(args: Record<string, unknown>, info: GraphQLResolveInfo): void {
  const field = info.parentType.getFields()[info.fieldName];
  for (const [name, value] of Object.entries(args ?? {})) {
    if (value === undefined || value === null) continue;
    const def = field?.args.find((a) => a.name === name);
    if (def && isIdType(def.type)) {
      const ids = Array.isArray(value) ? value : [value];
      if (!ids.every(validId)) throw badInput(`参数 ${name} 须为编号（正整数） (an id is a whole number)`, { argument: name });
      continue;
    }
    const why = findBadValue(value);
    if (why) throw badInputString(name, why);
  }
}

const checked = async (
  resolve: (parent: unknown, args: Record<string, unknown>, ctx: unknown, info: GraphQLResolveInfo) => unknown,
  parent: unknown,
  args: Record<string, unknown>,
  ctx: unknown,
  info: GraphQLResolveInfo,
) => {
  checkArguments(args, info);
  return resolve(parent, args, ctx, info);
};

/** The middleware for graphql-middleware: root fields only (nested fields take no client strings
 * that reach SQL, and a middleware on every field costs time on every row). */
export const inputHygiene: IMiddlewareTypeMap = { Query: checked, Mutation: checked };

/**
 * A validation rule: an operation type the schema does not have (here: subscription) is a
 * validation error. graphql 16 leaves it to execution, which fails without a code and would be
 * reported as INTERNAL_SERVER_ERROR (graphql 17 has this rule built in: KnownOperationTypesRule).
 */
export function knownOperationTypes(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      const root =
        node.operation === "query" ? schema.getQueryType() : node.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
      if (!root) {
        context.reportError(
          new GraphQLError(`本服务不支持 ${node.operation} 操作 (the schema has no ${node.operation} type)`, { nodes: [node] }),
        );
      }
    },
  };
}
