// Whether an operation asks for a field under the current one, through fragments too, so work
// whose only use is that field (a count over a million rows, the items of a page) is skipped
// when it is not asked for.
import type { GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * The names of the fields the operation selects under `path` below the current field (through
 * fragments and aliases), or null when it does not select `path` at all; `[]` is the current
 * field's own selection.
 */
export function fieldsAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> | null {
  let found = false;
  const out = new Set<string>();
  const collect = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    if (!set) return;
    for (const s of set.selections) {
      if (s.kind === "Field") out.add(s.name.value);
      else if (s.kind === "InlineFragment") collect(s.selectionSet, seen);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        collect(info.fragments[s.name.value]?.selectionSet, seen);
      }
    }
  };
  const walk = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>) => {
    if (!set) return;
    for (const s of set.selections) {
      if (s.kind === "Field" && s.name.value === path[depth]) {
        if (depth === path.length - 1) {
          found = true;
          collect(s.selectionSet, new Set());
        } else walk(s.selectionSet, depth + 1, seen);
      } else if (s.kind === "InlineFragment") walk(s.selectionSet, depth, seen);
      else if (s.kind === "FragmentSpread" && !seen.has(s.name.value)) {
        seen.add(s.name.value);
        walk(info.fragments[s.name.value]?.selectionSet, depth, seen);
      }
    }
  };
  if (path.length === 0) {
    for (const n of info.fieldNodes) collect(n.selectionSet, new Set());
    return out;
  }
  for (const n of info.fieldNodes) walk(n.selectionSet, 0, new Set());
  return found ? out : null;
}

export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return fieldsAt(info, [])!.has(name);
}
