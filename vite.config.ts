import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  worker: { format: 'es' },
  // The app chunk holds React, React Flow and CodeMirror (about 330 kB gzipped); the engine is in the worker chunk.
  // Loading the rules editor lazily (it is a tab, closed at start) would take CodeMirror out of the first load.
  build: { chunkSizeWarningLimit: 1200 },
});
