// A stand-in for the scenarios teammate's slice (src/store/scenarioSlice.ts): the same shape, with one default
// scenario, so the lab runs before the editor and the built-in library land. Replace the import in index.ts.
import type { StateCreator } from 'zustand';
import type { HostSpec, PacketSpec } from '../engine/trace/types.ts';
import type { LabState } from './index.ts';

export interface ScenarioSlice {
  rules: string;
  host: HostSpec | undefined;
  ipsets: string | undefined;
  packets: PacketSpec[];
  seed: number;
}

const DEFAULT_RULES = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SSH-IN - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j SSH-IN
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A SSH-IN -s 10.0.0.0/8 -j ACCEPT
-A SSH-IN -j RETURN
COMMIT
`;

const DEFAULT_HOST: HostSpec = {
  interfaces: [
    { name: 'lo', addresses: ['127.0.0.1/8'] },
    { name: 'eth0', addresses: ['10.0.0.1/24'] },
  ],
  routes: [{ to: 'default', via: '10.0.0.254', dev: 'eth0' }],
  forwarding: false,
};

export const createScenarioSlice: StateCreator<LabState, [], [], ScenarioSlice> = () => ({
  rules: DEFAULT_RULES,
  host: DEFAULT_HOST,
  ipsets: undefined,
  packets: [{ in: 'eth0', proto: 'tcp', src: '10.0.0.2', dst: '10.0.0.1', sport: 40000, dport: 22, tcpFlags: ['SYN'] }],
  seed: 1,
});
