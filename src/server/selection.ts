// Whether an operation asks for a field directly under the current one, through fragments too,
// so work whose only use is that field (a count over a million rows) is skipped when it is not.
import type { GraphQLResolveInfo, SelectionSetNode } from "graphql";

export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const s of set.selections) {
      if (s.kind === "Field" && s.name.value === name) return true;
      if (s.kind === "InlineFragment" && walk(s.selectionSet)) return true;
      if (s.kind === "FragmentSpread" && !seen.has(s.name.value)) {
        seen.add(s.name.value);
        if (walk(info.fragments[s.name.value]?.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((n) => walk(n.selectionSet));
}
