// Shared classes of the scenario panels (kept here so the panels stay consistent).
export const BUTTON =
  'rounded border border-slate-400 bg-white px-2 py-0.5 text-[13px] text-slate-900 hover:bg-slate-100 disabled:opacity-40';
export const INPUT = 'rounded border border-slate-400 bg-white px-1.5 py-0.5 text-[13px] text-slate-900';
export const INPUT_INVALID = 'rounded border-2 border-red-700 bg-red-50 px-1.5 py-0.5 text-[13px] text-slate-900';
export const LABEL = 'flex flex-col gap-0.5 text-[12px] font-semibold text-slate-700';
