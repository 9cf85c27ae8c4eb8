/**
 * Resolves in a task of its own: what follows runs after the page has had the chance to paint and answer input.
 * A long piece of main-thread work split at these points is many short tasks, not one long one.
 */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
