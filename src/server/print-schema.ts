// `npm run schema` writes schema/schema.graphql from the code; `npm run schema:check` fails when
// the committed file differs from what the code declares.
import "reflect-metadata";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildBareSchema } from "./schema.js";

const target = fileURLToPath(new URL("../../schema/schema.graphql", import.meta.url));

export async function schemaSdl(): Promise<string> {
  const schema = await buildBareSchema();
  return (
    "# Generated from the code by `npm run schema`. Do not edit by hand.\n\n" +
    printSchema(lexicographicSortSchema(schema)) +
    "\n"
  );
}

async function main() {
  const sdl = await schemaSdl();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (current !== sdl) {
      console.error("schema/schema.graphql is out of date with the code: run `npm run schema` and commit it");
      process.exit(1);
    }
    console.log("schema/schema.graphql is up to date");
    return;
  }
  fs.writeFileSync(target, sdl);
  console.log(`wrote ${target}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
