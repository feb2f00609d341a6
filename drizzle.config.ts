import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema",
  out: "./migrations",
  // Flat NNNN_name.sql files: the vitest plugin's readD1Migrations reads only those.
  migrations: { prefix: "index" },
});
