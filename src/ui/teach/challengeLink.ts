// The link that opens a challenge's variant (read back by bootChallenge.ts at start-up).

export function challengeLink(challengeId: string, seed: number): string {
  const url = new URL(window.location.href);
  url.hash = '';
  url.search = `?challenge=${encodeURIComponent(challengeId)}&variant=${seed}`;
  return url.toString();
}
