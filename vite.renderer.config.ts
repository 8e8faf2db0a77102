// Builds the renderer on its own for the browser host (`npm run web`) and the e2e tests. Kept plain
// so the electron-vite config can reuse the same settings for the desktop build.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src-renderer', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs work both from the browser host and from the desktop app's own origin.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows no inline scripts or styles: keep every asset a separate file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
