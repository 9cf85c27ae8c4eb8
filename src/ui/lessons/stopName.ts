// A stop the lesson names ('INPUT:filter', 'PREROUTING:conntrack') as netfilter writes it: table, then hook; an
// nftables base chain ('nft:inet:filter:input') as nft(8) lists it: family, table, chain.
export function stopName(mark: string): string {
  if (mark.startsWith('nft:')) return mark.slice('nft:'.length).split(':').join(' ');
  const [hook, table] = mark.split(':');
  if (!table) return mark;
  return table === 'ipvs' ? `IPVS ${hook}` : `${table} ${hook}`;
}
