/**
 * The cache group of everything computed from a tenant's calls (the reports).
 * Every write of a call of the tenant invalidates it, so a read after a write is
 * never stale while the cache is up; the entries' short TTL heals a missed one.
 */
export function callReportsCacheGroup(tenantId: string): string {
  return `reports:${tenantId}`;
}
