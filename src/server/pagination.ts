// Relay-style pagination shared by the connections of the API. Cursors are opaque to clients;
// inside they are positions in the ordered result ("o:<offset>"), validated on the way in.
import { Field, ObjectType } from "type-graphql";
import { badInput } from "./errors.js";

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): number {
  const raw = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  const m = /^o:(\d{1,9})$/.exec(raw);
  if (!m) throw badInput("分页游标无效 (invalid cursor in `after`)", { argument: "after" });
  return Number(m[1]);
}

/** Checks `first` against the page-size rules: default when omitted, 1..max, else BAD_USER_INPUT. */
export function pageSize(first: number | null | undefined, dflt: number, max: number): number {
  if (first === null || first === undefined) return dflt;
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput(`first 须在 0 到 ${max} 之间 (first must be between 0 and ${max})`, { argument: "first", max });
  }
  return first;
}

/** PageInfo of a page of `count` items starting at `offset`. */
export function pageInfoAt(offset: number, count: number, hasNextPage: boolean): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage: offset > 0,
    startCursor: count ? encodeCursor(offset) : null,
    endCursor: count ? encodeCursor(offset + count - 1) : null,
  };
}
