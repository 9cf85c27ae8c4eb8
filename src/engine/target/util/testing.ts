// Helpers for the target modules' unit tests: options as the parser would hand them over, and an EvalContext with a
// plain packet and host. Test-only, but pure, so it lives beside the code it serves.
import catalog from '../../../i18n/en/target.json';
import { catalogCheck } from '../../ext/catalogCheck.ts';
import type {
  ConnView,
  EvalContext,
  HostQuery,
  ParseContext,
  ParseResult,
  ParsedOption,
  TargetModule,
} from '../../ext/types.ts';
import type { Packet } from '../../model/packet.ts';
import { optionsFor, parseCtx } from '../../match/util/moduleTesting.ts';
import { testConn, testContext, testPacket } from '../../match/util/testContext.ts';

/** Options as the parser hands them to a module: the match tests' splitter, which follows the module's option spec. */
export function parsedOptions(module: Pick<TargetModule, 'options'>, text: string): ParsedOption[] {
  return optionsFor(module, text);
}

export function parseContext(overrides: Partial<ParseContext> = {}): ParseContext {
  return parseCtx(overrides);
}

/** Parses `text` with the module as if it followed `-j NAME` in a rule of `ctx`. */
export function parseWith<D>(module: TargetModule<D>, text: string, ctx: Partial<ParseContext> = {}): ParseResult<D> {
  return module.parse(parsedOptions(module, text), parseContext(ctx));
}

/** The data of a rule the module must accept (throws in the test otherwise, with the module's message). */
export function parsed<D>(module: TargetModule<D>, text: string, ctx: Partial<ParseContext> = {}): D {
  const result = parseWith(module, text, ctx);
  if (!result.ok) throw new Error(`${module.name} ${text}: ${result.message}`);
  return result.data;
}

/** What iptables-save prints after `-j NAME` for this option text. */
export function saved<D>(module: TargetModule<D>, text: string, ctx: Partial<ParseContext> = {}): string {
  return module.save(parsed(module, text, ctx));
}

// The packet, connection and context factories are the match tests' (match/util/testContext.ts), so both kinds of
// module are tested against the same default packet; only the target defaults below differ.

/** The match tests' default packet: a TCP SYN 10.0.1.2:41000 → 10.0.1.1:22. */
export function packet(overrides: Partial<Packet> = {}): Packet {
  return testPacket(overrides);
}

/** A NEW entry for the default packet's tuple. */
export function connection(overrides: Partial<ConnView> = {}): ConnView {
  return testConn(testPacket(), overrides);
}

/** A host that knows nothing: every address is UNICAST, no sets, no interface addresses, no routes. */
const quietHost: HostQuery = {
  addrTypes: () => new Set(['UNICAST']),
  ipset: () => undefined,
  primaryAddress: () => undefined,
};

/** A target's context: filter/INPUT, the default packet with a NEW entry, a quiet host, random draws all true. */
export function evalContext(overrides: Partial<EvalContext> = {}): EvalContext {
  const ctx = testContext({ ct: connection(), host: quietHost, choose: () => true, ...overrides });
  // The very packet given, not a copy: target tests look at what apply() did to it.
  if (overrides.pkt) ctx.pkt = overrides.pkt;
  return ctx;
}

const check = catalogCheck(catalog, 'target');

/** Problems with explanations' catalog entries (missing sentence, or a {{param}} the explanation lacks). */
export const catalogProblems = check.problems;

/** The sentence of an explanation with its params filled in, for readable assertions. */
export const render = check.render;

/** Applies the target and checks its explanations render; returns the verdict and the rendered sentences. */
export function applyWith<D>(module: TargetModule<D>, data: D, ctx: EvalContext) {
  const result = module.apply(data, ctx);
  const problems = catalogProblems(result.explain);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { verdict: result.verdict, sentences: result.explain.map(render) };
}
