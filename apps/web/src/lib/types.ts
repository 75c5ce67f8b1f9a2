// The API's resources as the console uses them (DESIGN.md, "API conventions").

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type AgentState = 'available' | 'reserved' | 'wrap_up' | 'break' | 'offline';
export const AGENT_STATES: AgentState[] = ['available', 'reserved', 'wrap_up', 'break', 'offline'];
/** The states an agent chooses; reserved and wrap_up are the server's. */
export type ChosenState = 'available' | 'break' | 'offline';
export const CHOSEN_STATES: ChosenState[] = ['available', 'break', 'offline'];

export interface Agent {
  id: string;
  name?: string | null;
  email?: string | null;
  role: string;
  state: AgentState;
  stateSince: string;
  /** When reserved (the lease) or wrap_up lapses to available. */
  stateUntil: string | null;
  breakReason: string | null;
  campaignId?: string | null;
  contactId?: string | null;
}

export interface BreakReason {
  code: string;
  label: string;
}

export type ContactStatus = 'new' | 'contacted' | 'callback' | 'do_not_call';
export const CONTACT_STATUSES: ContactStatus[] = ['new', 'contacted', 'callback', 'do_not_call'];

export interface Contact {
  id: string;
  name: string;
  phone: string;
  email?: string | null;
  tags?: string[];
  fields?: Record<string, string | number | boolean>;
  status: ContactStatus;
  version?: number;
  createdAt?: string;
}

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'completed';

export interface Campaign {
  id: string;
  name: string;
  status: CampaignStatus;
  callerId: string;
  timezone: string;
  window: { start: string; end: string };
  version?: number;
  createdAt?: string;
}

export interface NextContact {
  /** The contact, with the callee's IANA time zone (its own, else the campaign's). */
  contact: Contact & { timeZone?: string };
  leaseExpiresAt: string;
}

export const DISPOSITIONS = ['sale', 'no_answer', 'busy', 'voicemail', 'callback', 'not_interested', 'wrong_number', 'do_not_call'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export interface CreateCall {
  contactId: string;
  campaignId?: string;
  direction: 'inbound' | 'outbound';
  startedAt: string;
  answeredAt?: string;
  endedAt: string;
  disposition: Disposition;
  notes?: string;
  /** With disposition callback: when, and whether only this agent calls back. */
  callback?: { at: string; owner: 'me' | 'anyone' };
}

export interface Call extends CreateCall {
  id: string;
  agentId?: string | null;
}

/** Either shape a "count per disposition" may take on the wire. */
export type DispositionCounts = Record<string, number> | Array<{ disposition: string; count: number }>;

export interface CampaignReport {
  calls: number;
  answered: number;
  answerRate: number;
  talkSeconds: number;
  avgTalkSeconds: number;
  dispositions: DispositionCounts;
}

/** GET /v1/campaigns/:id/progress: the campaign's contacts by state. */
export interface CampaignProgress {
  pending: number;
  leased: number;
  scheduled: number;
  done: number;
  exhausted: number;
  doNotCall: number;
  outsideHoursNow: number;
}

/** A scheduled callback (GET /v1/me/callbacks). */
export interface Callback {
  id: string;
  campaignId: string;
  contactId: string;
  name: string;
  phone: string;
  timeZone: string;
  at: string;
  owner: string | null;
}

export type ImportStatus = 'queued' | 'processing' | 'completed' | 'failed';

export interface ContactImport {
  id: string;
  status: ImportStatus;
  total: number;
  processed?: number;
  failed?: number;
  errors?: Array<{ row: number; code: string; message: string }>;
}

export type ExportStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ExportJob {
  id: string;
  status: ExportStatus;
  rowCount?: number;
  /** When completed: an S3 presigned URL, or a path on the API (embedded defaults), valid 15 minutes. */
  downloadUrl?: string | null;
  failure?: string | null;
}
