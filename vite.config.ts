import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { randomBytes } from 'node:crypto';
import { VitePWA } from 'vite-plugin-pwa';
import { contentSecurityPolicy } from './build/contentSecurityPolicy.ts';

// Drawn once per build: see src/ui/app/styleNonce.ts.
const styleNonce = randomBytes(16).toString('base64');

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    contentSecurityPolicy(styleNonce),
    // Offline: a Workbox service worker precaches every built file (the app, the engine worker, every language's
    // catalogs, the scenarios). It never takes over an open page (no skipWaiting): a new version waits until every
    // tab of the lab is closed, so a lesson is never switched mid-way; src/ui/app/offline.ts registers it and says
    // when the lab was updated.
    VitePWA({
      injectRegister: false,
      registerType: 'prompt',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,json,wasm,woff2}'],
        // The engine worker chunk is about 1 MB.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  define: {
    __BUILD_ID__: JSON.stringify(new Date().toISOString()),
    __STYLE_NONCE__: JSON.stringify(styleNonce),
  },
  worker: { format: 'es' },
  // The app chunk holds React and React Flow (about 210 kB gzipped); CodeMirror loads with the rules editor tab and
  // the engine lives in the worker chunk. Vite's default 500 kB warning would fire on the app chunk alone.
  build: { chunkSizeWarningLimit: 800 },
});
