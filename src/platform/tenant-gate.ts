/**
 * The first gate of every bot turn: activities from a tenant that is not on the allow-list are
 * answered once, politely, and never reach the dispatcher, so no middleware records the person.
 * An empty list lets every tenant in; configuration refuses that in production.
 */
export function isTenantAllowed(allowedTenantIds: readonly string[], tenantId: string | undefined): boolean {
  if (allowedTenantIds.length === 0) return true;
  return tenantId !== undefined && allowedTenantIds.includes(tenantId.toLowerCase());
}
