import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in the served build: they would publish our source beside the app.
    sourcemap: false,
  },
  // The unlock workers wait for libsodium at their top level, which needs module workers.
  worker: { format: 'es' },
  server: {
    // `npm run dev -w @corridor/web` talks to a running staff listener.
    proxy: { '/api': 'http://127.0.0.1:8081', '/healthz': 'http://127.0.0.1:8081' },
  },
});
