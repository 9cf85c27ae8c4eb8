// A stop the lesson names ('INPUT:filter', 'PREROUTING:conntrack') as netfilter writes it: table, then hook.
export function stopName(mark: string): string {
  const [hook, table] = mark.split(':');
  if (!table) return mark;
  return table === 'ipvs' ? `IPVS ${hook}` : `${table} ${hook}`;
}
