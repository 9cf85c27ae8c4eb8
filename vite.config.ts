import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  worker: { format: 'es' },
  // The app chunk holds React and React Flow (about 210 kB gzipped); CodeMirror loads with the rules editor tab and
  // the engine lives in the worker chunk. Vite's default 500 kB warning would fire on the app chunk alone.
  build: { chunkSizeWarningLimit: 800 },
});
