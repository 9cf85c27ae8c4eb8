// Turns the catalog files of each language into i18next resources (pure, so it is unit-tested in Node).
import type { Resource, ResourceLanguage } from 'i18next';

/** A catalog JSON file as import.meta.glob gives it. */
export type CatalogModule = { default: Record<string, unknown> };
/** One language's catalog files by path ('./zh/ui.json'). */
export type CatalogFiles = Record<string, CatalogModule>;

/**
 * Splits the catalog files (or their loaders) the index's globs found into languages by folder: './zh/ui.json'
 * is the 'zh' language's ui namespace.
 */
export function catalogsByLanguage<T>(files: Record<string, T>): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {};
  for (const [path, mod] of Object.entries(files)) {
    const parts = path.split('/');
    const lng = parts[parts.length - 2];
    if (lng === undefined || lng === '.' || lng === '') continue;
    (out[lng] ??= {})[path] = mod;
  }
  return out;
}

function baseName(path: string): string {
  const file = path.split('/').pop() ?? path;
  return file.replace(/\.json$/, '');
}

/**
 * Each file becomes a namespace named after it, and is also placed under its name in 'translation'.
 * A file whose only top-level key is its own name ({ "match": { … } } in match.json) is unwrapped, so both
 * styles resolve `t('match.tcp.dport')` the same way.
 */
export function buildResources(languages: Record<string, CatalogFiles>): Resource {
  const out: Resource = {};
  for (const [lng, files] of Object.entries(languages)) {
    const lang: ResourceLanguage = { translation: {} };
    const merged: Record<string, unknown> = {};
    for (const [path, mod] of Object.entries(files)) {
      const name = baseName(path);
      const data = mod.default;
      const keys = Object.keys(data);
      const body =
        keys.length === 1 && keys[0] === name && typeof data[name] === 'object' && data[name] !== null
          ? (data[name] as Record<string, unknown>)
          : data;
      lang[name] = body;
      merged[name] = body;
    }
    lang.translation = merged;
    out[lng] = lang;
  }
  return out;
}
