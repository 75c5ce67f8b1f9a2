import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv } from 'vite';

// `npm run dev:web` serves the console on 127.0.0.1:5173 and proxies the API
// (and the dev issuer) to the one-process server, SWITCHBOARD_API_URL or :3000.
export default defineConfig(({ mode }) => {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const env = loadEnv(mode, root, 'SWITCHBOARD_');
  const api = env.SWITCHBOARD_API_URL || 'http://localhost:3000';
  return {
    root,
    plugins: [svelte()],
    build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: true },
    server: { host: '127.0.0.1', port: 5173, proxy: { '/v1': api, '/dev': api, '/docs': api } },
    preview: { host: '127.0.0.1' },
  };
});
