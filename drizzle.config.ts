import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -- --name=<what_changed>` writes the next SQL migration from the schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
