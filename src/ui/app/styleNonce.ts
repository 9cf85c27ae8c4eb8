// The nonce that lets CodeMirror's <style> elements through the Content-Security-Policy (style-src). CodeMirror
// (style-mod) writes its theme into <style> tags in a document, never into stylesheet files, and takes a nonce for
// them (EditorView.cspNonce). A static site cannot vary a nonce per response, so it is drawn once per build
// (vite.config.ts); it admits styles only: scripts stay 'self' with no nonce and no 'unsafe-inline'.
declare const __STYLE_NONCE__: string;

export const STYLE_NONCE: string = typeof __STYLE_NONCE__ === 'string' ? __STYLE_NONCE__ : '';
