// The host form's text handling. Whether a host is valid is the engine's one definition (hostProblems in
// src/engine/host/validity.ts), which scenario validation uses too.

/** "10.0.0.1/24, 10.0.1.1/24" or one per line → the list. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}
