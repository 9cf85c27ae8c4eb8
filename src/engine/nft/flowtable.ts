// Flowtable declarations (nft(8) "FLOWTABLES"; nftables parser_bison.y flowtable_block): `flowtable ft { hook ingress
// priority 0; devices = { eth0, eth1 }; [counter] [flags offload;] }`. nft lists them after the sets and before the
// chains (rule.c table_print, flowtable_print_declaration) and in JSON with hook, prio and dev (json.c
// flowtable_print_json). A hook other than ingress: nft 1.0.6 says "invalid hook <name>" at the flowtable's name
// (checked with nft -c). This host's kernel has no nf_flow_table, so the listing follows nft's source, not a run.
import { FAMILY_HOOKS, parsePriority, printPriority } from './chainSpec.ts';
import { NftError, posOf, type Cursor } from './cursor.ts';
import type { NftFlowtable } from './model.ts';
import type { Token } from './tokenize.ts';

export function newFlowtable(nameTok: Token): NftFlowtable {
  return {
    name: nameTok.value,
    hook: '',
    priority: 0,
    devices: [],
    counter: false,
    offload: false,
    handle: 0,
    pos: posOf(nameTok),
  };
}

/** `devices = { a, b }` or `devices = a`: interface names, quoted or not. */
function devices(c: Cursor): string[] {
  c.expectPunct('=');
  if (!c.eatPunct('{')) return [c.name().value];
  const out: string[] = [];
  do {
    c.skipNewlines();
    out.push(c.name().value);
    c.skipNewlines();
  } while (c.eatPunct(','));
  c.expectPunct('}', "comma or '}'");
  return out;
}

/** The block after `{`, up to and with its `}`; each item ends with a separator but for `counter`. */
export function parseFlowtableBlock(c: Cursor, ft: NftFlowtable, endOfStatement: () => void): void {
  for (;;) {
    c.skipNewlines();
    if (c.eatPunct('}')) break;
    const t = c.word();
    switch (t.value) {
      case 'hook': {
        const hook = c.word();
        if (!FAMILY_HOOKS.inet.includes(hook.value as never)) c.fail(hook, 'unknown chain hook');
        ft.hook = hook.value;
        const prio = c.peek();
        if (!c.eatWord('priority')) c.unexpected(prio, 'priority');
        ft.priority = parsePriority(c, 'netdev', 'ingress', prio).value;
        endOfStatement();
        break;
      }
      case 'devices':
        ft.devices = devices(c);
        endOfStatement();
        break;
      case 'counter':
        ft.counter = true;
        break;
      case 'flags':
        if (!c.eatWord('offload')) c.unexpected(c.peek(), 'offload');
        ft.offload = true;
        endOfStatement();
        break;
      default:
        c.unexpected(t);
    }
  }
  if (ft.hook !== 'ingress') throw new NftError(`invalid hook ${ft.hook}`, ft.pos);
}

/** The block's lines as `nft list ruleset` prints them (without indentation). */
export function flowtableLines(ft: NftFlowtable): string[] {
  const out = [`hook ${ft.hook} priority ${printPriority('netdev', 'ingress', ft.priority)}`];
  if (ft.devices.length) out.push(`devices = { ${ft.devices.join(', ')} }`);
  if (ft.offload) out.push('flags offload');
  if (ft.counter) out.push('counter');
  return out;
}
