import { defineConfig, int, setting } from '#switchboard/config';

export const campaignsConfig = defineConfig('campaigns', {
  /** How long a contact handed to an agent stays reserved for that agent. */
  leaseSeconds: setting('CAMPAIGN_LEASE_SECONDS', int(10, 86_400)),
});
