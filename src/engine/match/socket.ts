// socket: iptables-extensions(8) "socket". Matches when a local socket would take the packet (--transparent: only a
// transparent one; --nowildcard: not one bound to 0.0.0.0; --restore-skmark copies its mark). The kernel allows it
// in PREROUTING and INPUT. Not simulated: the lab does not model listening sockets.
import type { MatchModule } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import { HOOKS } from '../model/types.ts';
import { notSimulated } from './util/explain.ts';
import { checkOptions, fail, joinSaved, ok } from './util/options.ts';

export interface SocketData {
  transparent: boolean;
  nowildcard: boolean;
  restoreSkmark: boolean;
}

const SOCKET_HOOKS: readonly HookName[] = ['PREROUTING', 'INPUT'];

export const socketMatch: MatchModule<SocketData> = {
  name: 'socket',
  simulated: false,
  options: { '--transparent': { args: 0 }, '--nowildcard': { args: 0 }, '--restore-skmark': { args: 0 } },
  hooks: () => SOCKET_HOOKS,
  parse(options, ctx) {
    const problem = checkOptions('socket', options, this.options);
    if (problem) return problem;
    if ((HOOKS as readonly string[]).includes(ctx.chain) && !SOCKET_HOOKS.includes(ctx.chain as HookName))
      return fail('socket-wrong-hook', {}, options[0]);
    const has = (name: string) => options.some((o) => o.name === name);
    return ok({
      transparent: has('--transparent'),
      nowildcard: has('--nowildcard'),
      restoreSkmark: has('--restore-skmark'),
    });
  },
  save(data) {
    return joinSaved([
      data.transparent && '--transparent',
      data.nowildcard && '--nowildcard',
      data.restoreSkmark && '--restore-skmark',
    ]);
  },
  evaluate() {
    return notSimulated('socket');
  },
};
