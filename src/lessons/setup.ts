// What a lesson step puts in the lab, as a plain Scenario (the same one the store loads and the lessons test
// traces), and the two trace requests of the IPVS comparison.
import { editableCopy, findBuiltin, toTraceRequest } from '../scenarios/index.ts';
import type { Scenario, ScenarioPacket } from '../scenarios/types.ts';
import type { TraceRequest } from '../engine/index.ts';
import type { IpvsCompare, Lesson, StepSetup } from './types.ts';

/** The scenario a step's setup describes, or undefined when its built-in scenario does not exist. */
export function setupScenario(lesson: Lesson, setup: StepSetup): Scenario | undefined {
  const builtin = findBuiltin(setup.scenario);
  if (!builtin) return undefined;
  const s = editableCopy(builtin);
  if (setup.rulesFile !== undefined) s.rules = lesson.files[setup.rulesFile] ?? s.rules;
  if (setup.packets) s.packets = structuredClone(setup.packets);
  return s;
}

/** The scenario with other rules or packets (a solution's). */
export function withSolution(
  lesson: Lesson,
  base: Scenario,
  solution: { rulesFile?: string; packets?: ScenarioPacket[] },
): Scenario {
  const s = structuredClone(base);
  if (solution.rulesFile !== undefined) s.rules = lesson.files[solution.rulesFile] ?? s.rules;
  if (solution.packets) s.packets = structuredClone(solution.packets);
  return s;
}

function stripLabel(p: ScenarioPacket) {
  const { label: _label, ...spec } = p;
  return spec;
}

/** The same packet through the same service in kube-proxy's iptables mode and in its IPVS mode. */
export function compareRequests(lesson: Lesson, c: IpvsCompare): { iptables?: TraceRequest; ipvs?: TraceRequest } {
  const left = findBuiltin(c.iptables.scenario);
  const right = findBuiltin(c.ipvs.scenario);
  const packets = [stripLabel(c.packet)];
  const out: { iptables?: TraceRequest; ipvs?: TraceRequest } = {};
  if (left) out.iptables = { ...toTraceRequest(editableCopy(left)), packets, seed: 1 };
  if (right) {
    const host = structuredClone(right.host);
    // kube-proxy's IPVS mode puts every service address on the kube-ipvs0 dummy interface.
    host.interfaces.push({ name: 'kube-ipvs0', addresses: [c.ipvs.extraAddress] });
    out.ipvs = {
      rules: lesson.files[c.ipvs.rulesFile] ?? '',
      ipsets: lesson.files[c.ipvs.ipsetsFile] ?? '',
      ipvs: lesson.files[c.ipvs.ipvsFile] ?? '',
      host,
      packets,
      seed: 1,
    };
  }
  return out;
}
