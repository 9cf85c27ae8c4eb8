// The engine's real entry points, wired into the worker API (the worker and the in-process fallback share this).
import { parseRuleset, runTrace, saveRule, saveRuleset } from '../engine/index.ts';
import { createEngineApi } from './engineApi.ts';
import type { EngineApi } from './protocol.ts';

export function createRealEngineApi(): EngineApi {
  return createEngineApi({
    parse: (text) => parseRuleset(text),
    ruleText: saveRule,
    trace: runTrace,
    saveText: (ruleset) => saveRuleset(ruleset),
  });
}
