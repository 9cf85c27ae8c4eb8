// The built app's Content-Security-Policy, as a <meta> tag Vite writes into index.html at build time (the dev
// server needs inline scripts for hot reload, so it is left out there). What the app loads comes from its own
// origin only: no inline scripts, no eval, no remote origins, workers from 'self' (the engine and deflate
// workers are module files). Styles: Tailwind's and React Flow's CSS are files; the style attributes React sets
// go through the CSSOM (element.style), which CSP does not govern; CodeMirror's <style> elements carry the build's
// nonce (src/ui/app/styleNonce.ts). No 'unsafe-inline' anywhere.
import type { Plugin } from 'vite';

export const contentSecurityPolicyFor = (styleNonce: string): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self'",
    `style-src 'self' 'nonce-${styleNonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');

export function contentSecurityPolicy(styleNonce: string): Plugin {
  return {
    name: 'netfilter-lab:content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicyFor(styleNonce) },
        injectTo: 'head-prepend',
      },
    ],
  };
}
