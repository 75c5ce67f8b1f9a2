export type CampaignContactState = 'pending' | 'leased' | 'done';

/**
 * A contact's place in a campaign (a row of `campaign_contacts`, keyed by
 * campaign and contact): pending → leased (to one agent until the lease
 * expires) → done when a call is logged; a callback returns it to pending.
 * `contactId` and `leasedTo` are ids of other features' rows.
 */
export type CampaignContact = {
  campaignId: string;
  contactId: string;
  tenantId: string;
  state: CampaignContactState;
  leasedTo: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};
