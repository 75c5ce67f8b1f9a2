import { PoisonMessageError } from '#switchboard/queue';

/** An `exports` message: which export to run. */
export interface ExportMessage {
  exportId: string;
  tenantId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The message shape, checked before anything touches the database. */
export function parseExportMessage(body: unknown): ExportMessage {
  const m = body as Partial<ExportMessage> | null;
  const valid =
    typeof m === 'object' && m !== null && typeof m.exportId === 'string' && UUID.test(m.exportId) && typeof m.tenantId === 'string' && m.tenantId.length > 0;
  if (!valid) throw new PoisonMessageError('Not an export message: expected { exportId, tenantId }.');
  return { exportId: m.exportId!, tenantId: m.tenantId! };
}
