// Small pure helpers the UI may call synchronously (text and packet-list arithmetic, no tracing).
export { inferListingTable, type ListingTable } from './parse/listingTable.ts';
export { autoTcpNumbers } from './trace/tcpNumbers.ts';
