import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

export default defineConfig({
  root: path.join(root, 'web'),
  plugins: [react()],
  define: { __ACCRUE_VERSION__: JSON.stringify(version) },
  build: {
    outDir: path.join(root, 'dist', 'web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    port: 5173,
    // `npm run dev`: the API server runs beside Vite on ACCRUE_DEV_API (default port 3000).
    proxy: Object.fromEntries(
      ['/api', '/healthz', '/readyz'].map((prefix) => [prefix, process.env.ACCRUE_DEV_API ?? 'http://127.0.0.1:3000']),
    ),
    fs: { allow: [root] },
  },
});
