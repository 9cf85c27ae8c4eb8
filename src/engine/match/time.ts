// time: iptables-extensions(8) "time". --timestart/--timestop hh:mm[:ss], --monthdays 1..31 list, --weekdays
// Mon..Sun (or 1..7) list (`!` takes the complement), --datestart/--datestop YYYY[-MM[-DD[Thh[:mm[:ss]]]]] (UTC),
// --kerneltz (alias --localtz), --utc, --contiguous. Not simulated: a trace has no wall-clock time.
import type { MatchModule, ParsedOption } from '../ext/types.ts';
import { notSimulated } from './util/explain.ts';
import { MatchProblem, arg, checkOptions, fail, joinSaved, ok, refuse } from './util/options.ts';

const WEEK_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MAX_DAYTIME = 86399;
/** Bits 1..31; bit 0 unused. */
const ALL_MONTHDAYS = 0xfffffffe;
/** Bits 1..7. */
const ALL_WEEKDAYS = 0xfe;

/** The latest date the kernel's 32-bit field holds: 2038-01-19 03:14:07 UTC. */
const MAX_DATE = 0x7fffffff;

/**
 * libxt_time.c time_xlate as iptables 1.8.9 writes it: `meta time "2020-01-01 00:00:00"-"2038-01-19 03:14:07"`
 * (UTC), then ` meta hour "08:00:00"-"17:00:00"` and ` meta day { 6, 0 }` (Sunday is 0), each of these two with a
 * space before it even when first (`INPUT  meta hour …`); a list of month days has no translation.
 */
function timeWords(data: TimeData): string | null {
  if (data.monthdays !== ALL_MONTHDAYS) return null;
  const stamp = (t: number) => formatDate(t).replace('T', ' ');
  const dated = data.dateStart !== undefined || data.dateStop !== undefined;
  const date = dated ? `meta time "${stamp(data.dateStart ?? 0)}"-"${stamp(data.dateStop ?? MAX_DATE)}"` : '';
  const allDay = data.dayStart === 0 && data.dayStop === MAX_DAYTIME;
  const hour = allDay ? '' : ` meta hour "${formatDaytime(data.dayStart)}"-"${formatDaytime(data.dayStop)}"`;
  const days = [1, 2, 3, 4, 5, 6, 7].filter((bit) => data.weekdays & (1 << bit)).map((bit) => bit % 7);
  const day =
    data.weekdays === ALL_WEEKDAYS ? '' : ` meta day ${days.length === 1 ? days[0] : `{ ${days.join(', ')} }`}`;
  return date + hour + day;
}

export interface TimeData {
  /** Seconds since midnight. */
  dayStart: number;
  dayStop: number;
  monthdays: number;
  weekdays: number;
  /** Seconds since the epoch (UTC); undefined: not given. */
  dateStart?: number;
  dateStop?: number;
  kernelTz: boolean;
  contiguous: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

function parseDaytime(text: string): number | undefined {
  const m = /^(\d+):(\d+)(?::(\d+))?$/.exec(text);
  if (!m) return undefined;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return h * 3600 + mi * 60 + s;
}

function parseDate(text: string): number | undefined {
  const m = /^(\d+)(?:-(\d+)(?:-(\d+)(?:T(\d+)(?::(\d+)(?::(\d+))?)?)?)?)?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i, k) => Number(m[i] ?? (k === 1 || k === 2 ? 1 : 0)));
  if (y! < 1970 || y! > 2038 || mo! > 12 || d! > 31 || h! > 23 || mi! > 59 || s! > 59) return undefined;
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) / 1000;
}

function formatDate(t: number): string {
  const d = new Date(t * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}`;
}

function formatDaytime(t: number): string {
  return `${pad(Math.floor(t / 3600))}:${pad(Math.floor(t / 60) % 60)}:${pad(t % 60)}`;
}

function parseDays(option: ParsedOption, week: boolean): number | MatchProblem {
  let mask = 0;
  for (const word of arg(option).split(',')) {
    if (/^\d+$/.test(word)) {
      const n = Number(word);
      // iptables takes day 0 of the month but then cannot print it back: the lab refuses it (days are 1–31).
      if (week ? n < 1 || n > 7 : n < 1 || n > 31)
        return new MatchProblem('time-bad-day', { value: word, option: option.name });
      mask |= 1 << n;
    } else {
      const i = week ? WEEK_DAYS.findIndex((d) => word.length >= 2 && d.startsWith(word.slice(0, 2))) : -1;
      if (i < 0) return new MatchProblem('time-bad-day', { value: word, option: option.name });
      mask |= 1 << (i + 1);
    }
  }
  if (option.negated) mask ^= week ? ALL_WEEKDAYS : ALL_MONTHDAYS;
  return mask >>> 0;
}

export const timeMatch: MatchModule<TimeData> = {
  name: 'time',
  translate: timeWords,
  simulated: false,
  options: {
    '--datestart': { args: 1 },
    '--datestop': { args: 1 },
    '--timestart': { args: 1 },
    '--timestop': { args: 1 },
    '--contiguous': { args: 0 },
    '--weekdays': { args: 1, negatable: true },
    '--monthdays': { args: 1, negatable: true },
    '--localtz': { args: 0 },
    '--utc': { args: 0 },
    '--kerneltz': { args: 0 },
  },
  parse(options) {
    const problem = checkOptions('time', options, this.options);
    if (problem) return problem;
    const data: TimeData = {
      dayStart: 0,
      dayStop: MAX_DAYTIME,
      monthdays: ALL_MONTHDAYS,
      weekdays: ALL_WEEKDAYS,
      kernelTz: false,
      contiguous: false,
    };
    let utc = false;
    for (const option of options) {
      const text = arg(option);
      switch (option.name) {
        case '--datestart':
        case '--datestop': {
          const t = parseDate(text);
          if (t === undefined) return fail('time-bad-date', { value: text }, option);
          if (option.name === '--datestart') data.dateStart = t;
          else data.dateStop = t;
          break;
        }
        case '--timestart':
        case '--timestop': {
          const t = parseDaytime(text);
          if (t === undefined) return fail('time-bad-time', { value: text }, option);
          if (option.name === '--timestart') data.dayStart = t;
          else data.dayStop = t;
          break;
        }
        case '--weekdays':
        case '--monthdays': {
          const mask = parseDays(option, option.name === '--weekdays');
          if (mask instanceof MatchProblem) return refuse(mask, option);
          if (option.name === '--weekdays') data.weekdays = mask;
          else data.monthdays = mask;
          break;
        }
        case '--contiguous':
          data.contiguous = true;
          break;
        case '--utc':
          utc = true;
          break;
        default:
          data.kernelTz = true;
      }
    }
    if (utc && data.kernelTz) return fail('time-utc-with-local', {}, options[0]);
    if (data.contiguous && data.dayStart < data.dayStop) return fail('time-contiguous-order', {}, options[0]);
    return ok(data);
  },
  save(data) {
    const days = (mask: number, max: number, name: (i: number) => string) =>
      Array.from({ length: max }, (_, k) => k + 1)
        .filter((i) => (mask >>> i) & 1)
        .map(name)
        .join(',');
    const timed = data.dayStart !== 0 || data.dayStop !== MAX_DAYTIME;
    return joinSaved([
      timed && `--timestart ${formatDaytime(data.dayStart)} --timestop ${formatDaytime(data.dayStop)}`,
      data.monthdays !== ALL_MONTHDAYS && `--monthdays ${days(data.monthdays, 31, String)}`,
      data.weekdays !== ALL_WEEKDAYS && `--weekdays ${days(data.weekdays, 7, (i) => WEEK_DAYS[i - 1] ?? '')}`,
      data.dateStart !== undefined && data.dateStart !== 0 && `--datestart ${formatDate(data.dateStart)}`,
      data.dateStop !== undefined && data.dateStop !== 0 && `--datestop ${formatDate(data.dateStop)}`,
      data.kernelTz && '--kerneltz',
      data.contiguous && '--contiguous',
    ]);
  },
  evaluate() {
    return notSimulated('time');
  },
};
