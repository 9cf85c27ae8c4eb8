// Offline use: registers the service worker the build writes (sw.js, vite-plugin-pwa's Workbox precache of every
// built file), and notices a new version. The worker never replaces the page in use; a new version is served on
// the next visit after every tab is closed, and that visit says so once.
declare const __BUILD_ID__: string;

export const BUILD_KEY = 'netfilter-lab:build';

/** True when this visit runs a different build than the last one (then the UI says the lab was updated). */
export function noteBuild(storage: Pick<Storage, 'getItem' | 'setItem'> | null, build: string): boolean {
  if (!storage) return false;
  try {
    const last = storage.getItem(BUILD_KEY);
    storage.setItem(BUILD_KEY, build);
    return last !== null && last !== build;
  } catch {
    return false;
  }
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Set once at start-up: this visit is the first of a new version. */
export const updatedSinceLastVisit: boolean =
  typeof __BUILD_ID__ === 'string' && import.meta.env.PROD ? noteBuild(localStorageOrNull(), __BUILD_ID__) : false;

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  // After load, so installing (downloading every file once) does not compete with the first paint.
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
      .catch(() => {
        // No service worker (a private window, or a file:// copy): the lab works online as before.
      });
  });
}
