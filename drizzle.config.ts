import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes a new migration to drizzle/ from src/db/schema.ts.
// Migrations are applied from code on start-up (src/db/migrate.ts), on PGlite and PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  breakpoints: true,
});
