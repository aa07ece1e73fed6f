// Limits on what one operation may cost, checked during validation, before anything runs:
// depth, aliases, directives, and a cost budget (each field 1; a list field asked with `first`
// multiplies what is under it). A refusal is a GraphQLError with code QUERY_LIMIT naming the
// limit (extensions.limit) and the value found.
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from "graphql";

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** Passed to the parser: a document with more tokens is refused before it is parsed. */
  maxTokens: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxCost: 50_000,
  maxTokens: 5_000,
};

/** List fields whose size is their `first` argument: the size when it is absent, and when it is a
 * variable (validation does not see variables, so the largest allowed page is assumed). */
const PAGE_DEFAULTS: Record<string, number> = { resources: 20, records: 100, auditEvents: 50 };
const PAGE_MAX: Record<string, number> = { resources: 100, records: 1000, auditEvents: 500 };

export function limitError(limit: string, found: number, max: number): GraphQLError {
  return new GraphQLError(`查询超出限制 ${limit}：${found} > ${max} (operation exceeds the ${limit} limit)`, {
    extensions: { code: "QUERY_LIMIT", limit, found, max },
  });
}

function pageOf(field: string, v: ValueNode | undefined): number {
  if (v?.kind === Kind.INT) return Number(v.value);
  if (v?.kind === Kind.VARIABLE) return PAGE_MAX[field] ?? 1;
  return PAGE_DEFAULTS[field] ?? 1;
}

interface Walk {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
}

function walk(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  depth: number,
  multiplier: number,
  acc: Walk,
  seen: Set<string>,
  limits: QueryLimits,
): void {
  acc.depth = Math.max(acc.depth, depth);
  if (acc.depth > limits.maxDepth || acc.cost > limits.maxCost) return;
  for (const sel of set.selections) {
    acc.directives += sel.directives?.length ?? 0;
    if (sel.kind === Kind.FIELD) {
      const f = sel as FieldNode;
      if (f.alias) acc.aliases++;
      if (f.name.value.startsWith("__")) continue;
      acc.cost += multiplier;
      if (f.selectionSet) {
        const firstArg = f.arguments?.find((a) => a.name.value === "first");
        const size = pageOf(f.name.value, firstArg?.value);
        walk(f.selectionSet, fragments, depth + 1, multiplier * Math.max(size, 1), acc, seen, limits);
      }
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      walk(sel.selectionSet, fragments, depth, multiplier, acc, seen, limits);
    } else {
      const frag = fragments[sel.name.value];
      // A fragment spread inside itself is refused by graphql's own rules; count it once here.
      if (!frag || seen.has(frag.name.value)) continue;
      seen.add(frag.name.value);
      walk(frag.selectionSet, fragments, depth, multiplier, acc, seen, limits);
      seen.delete(frag.name.value);
    }
  }
}

/** The validation rule. */
export function queryLimitRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of context.getDocument().definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    }
    return {
      OperationDefinition(op: OperationDefinitionNode) {
        const acc: Walk = { depth: 0, aliases: 0, directives: op.directives?.length ?? 0, cost: 0 };
        walk(op.selectionSet, fragments, 1, 1, acc, new Set(), limits);
        if (acc.depth > limits.maxDepth) context.reportError(limitError("depth", acc.depth, limits.maxDepth));
        else if (acc.aliases > limits.maxAliases) context.reportError(limitError("aliases", acc.aliases, limits.maxAliases));
        else if (acc.directives > limits.maxDirectives) context.reportError(limitError("directives", acc.directives, limits.maxDirectives));
        else if (acc.cost > limits.maxCost) context.reportError(limitError("cost", acc.cost, limits.maxCost));
      },
    };
  };
}
