import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  worker: { format: 'es' },
  // The app chunk holds React, React Flow and CodeMirror (about 190 kB gzipped); the engine is in the worker chunk.
  build: { chunkSizeWarningLimit: 800 },
});
