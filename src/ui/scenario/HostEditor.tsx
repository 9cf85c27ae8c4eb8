// The "Host" tab: interfaces and their addresses, routes, forwarding and conntrack, in a small form. The draft
// may be invalid while typing; only a valid host reaches the store (and the engine), and each problem is shown
// beside its field.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostProblem, HostSpec } from '../../engine/index.ts';
import { hostProblems } from '../../store/engineFacts.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { splitAddresses } from './hostValidation.ts';
import { BUTTON, INPUT, INPUT_INVALID, LABEL } from './styles.ts';

interface Draft {
  interfaces: { name: string; addresses: string }[];
  routes: { to: string; via: string; dev: string; metric: string }[];
  forwarding: boolean;
  conntrack: 'auto' | 'on';
  routeLocalnet: boolean;
}

const EMPTY_HOST: HostSpec = { interfaces: [], routes: [], forwarding: false };

function draftOf(host: HostSpec): Draft {
  return {
    interfaces: host.interfaces.map((i) => ({ name: i.name, addresses: i.addresses.join(', ') })),
    routes: host.routes.map((r) => ({
      to: r.to,
      via: r.via ?? '',
      dev: r.dev,
      metric: r.metric === undefined ? '' : String(r.metric),
    })),
    forwarding: host.forwarding,
    conntrack: host.conntrack ?? 'auto',
    routeLocalnet: host.routeLocalnet ?? false,
  };
}

function hostOf(draft: Draft, base: HostSpec): HostSpec {
  const host: HostSpec = {
    ...base,
    interfaces: draft.interfaces.map((i) => ({ name: i.name.trim(), addresses: splitAddresses(i.addresses) })),
    routes: draft.routes.map((r) => {
      const route: HostSpec['routes'][number] = { to: r.to.trim(), dev: r.dev.trim() };
      if (r.via.trim() !== '') route.via = r.via.trim();
      if (r.metric.trim() !== '') route.metric = Number(r.metric);
      return route;
    }),
    forwarding: draft.forwarding,
  };
  if (draft.conntrack === 'on') host.conntrack = 'on';
  else delete host.conntrack;
  if (draft.routeLocalnet) host.routeLocalnet = true;
  else delete host.routeLocalnet;
  return host;
}

function Problems({ problems, field }: { problems: HostProblem[]; field: string }) {
  const { t } = useTranslation('scenario');
  const mine = problems.filter((p) => p.field === field);
  if (mine.length === 0) return null;
  return (
    <ul className="text-[12px] font-semibold text-red-800" data-testid={`host-problem-${field}`}>
      {mine.map((p, i) => (
        <li key={i}>✗ {t(`host.errors.${p.key}`, p.params)}</li>
      ))}
    </ul>
  );
}

/** One text field of a table row, marked and explained when the validator has a problem with it. */
function FieldCell(props: {
  label: string;
  field: string;
  problems: HostProblem[];
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  placeholder?: string;
  numeric?: boolean;
}) {
  const invalid = props.problems.some((p) => p.field === props.field);
  return (
    <td className="pr-1">
      <input
        aria-label={props.label}
        data-testid={props.testId}
        className={`${invalid ? INPUT_INVALID : INPUT} w-full`}
        value={props.value}
        placeholder={props.placeholder}
        inputMode={props.numeric ? 'numeric' : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <Problems problems={props.problems} field={props.field} />
    </td>
  );
}

/** The ✕ at the end of a row: a symbol, so its name is also its tooltip. */
function RemoveCell({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <td>
      <button type="button" className={BUTTON} aria-label={label} title={label} onClick={onRemove}>
        ✕
      </button>
    </td>
  );
}

function HostForm({ initial }: { initial: HostSpec }) {
  const { t } = useTranslation('scenario');
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const host = hostOf(draft, initial);
  const problems = hostProblems(host);
  const bad = (field: string) => problems.some((p) => p.field === field);

  const change = (next: Draft) => {
    setDraft(next);
    const candidate = hostOf(next, initial);
    if (hostProblems(candidate).length === 0) getLabStore().getState().setHost(candidate);
  };
  const setIface = (i: number, patch: Partial<Draft['interfaces'][number]>) =>
    change({ ...draft, interfaces: draft.interfaces.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const setRoute = (i: number, patch: Partial<Draft['routes'][number]>) =>
    change({ ...draft, routes: draft.routes.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const ifaceNames = ['lo', ...draft.interfaces.map((i) => i.name.trim()).filter((n) => n && n !== 'lo')];

  return (
    <div
      className="flex h-full min-h-0 flex-wrap content-start gap-x-4 gap-y-3 overflow-auto p-2"
      data-testid="host-editor"
    >
      <fieldset className="min-w-[250px] flex-[1_1_250px]">
        <legend className="text-[13px] font-bold">{t('host.interfaces')}</legend>
        <table className="w-full table-fixed text-[13px]">
          <thead>
            <tr className="text-left text-[12px] text-slate-600">
              <th className="w-20 font-semibold">{t('host.ifaceName')}</th>
              <th className="font-semibold">{t('host.addresses')}</th>
              <th className="w-8" />
            </tr>
          </thead>
          <tbody>
            {draft.interfaces.map((iface, i) => (
              <tr key={i} className="align-top">
                <FieldCell
                  label={t('host.ifaceNameOf', { n: i + 1 })}
                  testId={`iface-name-${i}`}
                  field={`interfaces.${i}.name`}
                  problems={problems}
                  value={iface.name}
                  onChange={(name) => setIface(i, { name })}
                />
                <FieldCell
                  label={t('host.addressesOf', { name: iface.name })}
                  testId={`iface-addresses-${i}`}
                  field={`interfaces.${i}.addresses`}
                  problems={problems}
                  value={iface.addresses}
                  placeholder="10.0.0.1/24"
                  onChange={(addresses) => setIface(i, { addresses })}
                />
                <RemoveCell
                  label={t('host.removeIface', { name: iface.name })}
                  onRemove={() => change({ ...draft, interfaces: draft.interfaces.filter((_, j) => j !== i) })}
                />
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className={`${BUTTON} mt-1`}
          data-testid="add-iface"
          onClick={() =>
            change({
              ...draft,
              interfaces: [...draft.interfaces, { name: `eth${draft.interfaces.length}`, addresses: '' }],
            })
          }
        >
          + {t('host.addIface')}
        </button>
      </fieldset>

      <fieldset className="min-w-[380px] flex-[1.5_1_380px]">
        <legend className="text-[13px] font-bold">{t('host.routes')}</legend>
        <table className="w-full table-fixed text-[13px]">
          <thead>
            <tr className="text-left text-[12px] text-slate-600">
              <th className="font-semibold">{t('host.routeTo')}</th>
              <th className="font-semibold">{t('host.routeVia')}</th>
              <th className="w-20 font-semibold">{t('host.routeDev')}</th>
              <th className="w-16 font-semibold whitespace-nowrap">{t('host.routeMetric')}</th>
              <th className="w-8" />
            </tr>
          </thead>
          <tbody>
            {draft.routes.map((route, i) => (
              <tr key={i} className="align-top">
                <FieldCell
                  label={t('host.routeToOf', { n: i + 1 })}
                  field={`routes.${i}.to`}
                  problems={problems}
                  value={route.to}
                  onChange={(to) => setRoute(i, { to })}
                />
                <FieldCell
                  label={t('host.routeViaOf', { n: i + 1 })}
                  field={`routes.${i}.via`}
                  problems={problems}
                  value={route.via}
                  onChange={(via) => setRoute(i, { via })}
                />
                <td className="pr-1">
                  <select
                    aria-label={t('host.routeDevOf', { n: i + 1 })}
                    className={`${bad(`routes.${i}.dev`) ? INPUT_INVALID : INPUT} w-full`}
                    value={route.dev}
                    onChange={(e) => setRoute(i, { dev: e.target.value })}
                  >
                    {[...new Set([...ifaceNames, route.dev])].map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                  <Problems problems={problems} field={`routes.${i}.dev`} />
                </td>
                {/* A bad metric now also says why (it was only marked red). */}
                <FieldCell
                  label={t('host.routeMetricOf', { n: i + 1 })}
                  field={`routes.${i}.metric`}
                  problems={problems}
                  value={route.metric}
                  numeric
                  onChange={(metric) => setRoute(i, { metric })}
                />
                <RemoveCell
                  label={t('host.removeRoute', { to: route.to })}
                  onRemove={() => change({ ...draft, routes: draft.routes.filter((_, j) => j !== i) })}
                />
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className={`${BUTTON} mt-1`}
          onClick={() =>
            change({
              ...draft,
              routes: [...draft.routes, { to: 'default', via: '', dev: ifaceNames[1] ?? 'lo', metric: '' }],
            })
          }
        >
          + {t('host.addRoute')}
        </button>
        <p className="mt-1 text-[12px] text-slate-600">{t('host.connectedRoutes')}</p>
      </fieldset>

      <fieldset className="flex min-w-[200px] flex-[0.8_1_200px] flex-col gap-2">
        <legend className="text-[13px] font-bold">{t('host.settings')}</legend>
        <label className="flex items-center gap-2 text-[13px]">
          <input
            type="checkbox"
            data-testid="host-forwarding"
            checked={draft.forwarding}
            onChange={(e) => change({ ...draft, forwarding: e.target.checked })}
          />
          {t('host.forwarding')}
        </label>
        <label className={LABEL}>
          {t('host.conntrack')}
          <select
            className={INPUT}
            value={draft.conntrack}
            onChange={(e) => change({ ...draft, conntrack: e.target.value === 'on' ? 'on' : 'auto' })}
          >
            <option value="auto">{t('host.conntrackAuto')}</option>
            <option value="on">{t('host.conntrackOn')}</option>
          </select>
        </label>
        <label className="flex items-center gap-2 text-[13px]">
          <input
            type="checkbox"
            checked={draft.routeLocalnet}
            onChange={(e) => change({ ...draft, routeLocalnet: e.target.checked })}
          />
          {t('host.routeLocalnet')}
        </label>
        <p role="status" className="text-[12px]" data-testid="host-status">
          {problems.length === 0 ? `✓ ${t('host.valid')}` : `✗ ${t('host.invalid', { count: problems.length })}`}
        </p>
      </fieldset>
    </div>
  );
}

export function HostEditor() {
  const host = useLab((s) => s.host);
  // A host changed elsewhere (another scenario, undo, a link) starts a fresh draft; our own valid edits do not,
  // because the draft already shows them.
  const [own, setOwn] = useState<{ host: HostSpec | undefined; version: number }>({ host, version: 0 });
  if (own.host !== host) {
    const mine = getLabStore().getState().lastEdit?.kind === 'host';
    setOwn({ host, version: mine ? own.version : own.version + 1 });
  }
  return <HostForm key={own.version} initial={host ?? EMPTY_HOST} />;
}
