import type { NextContactDto } from '#switchboard/campaigns';
import { ContactsModule, type ContactDto } from '#switchboard/contacts';
import { startCampaignsHarness, type CampaignsHarness } from './campaigns-harness.js';

/** Campaigns next to the real contacts feature: contacts made, changed and deleted over its HTTP API. */
describe('campaigns with the contacts API', () => {
  let h: CampaignsHarness;
  let admin: string;

  beforeAll(async () => {
    h = await startCampaignsHarness({ modules: [ContactsModule] });
    admin = await h.token({ tenant: 'acme', role: 'admin' });
  });
  afterAll(() => h.close());

  const createContact = async (name: string, phone: string) => {
    const res = await h.api<ContactDto>('POST', '/v1/contacts', admin, { name, phone, email: `${name.toLowerCase()}@example.com` });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('hands out contacts as the contacts feature stores them, and never do_not_call or deleted ones', async () => {
    const ada = await createContact('Ada', '+14155550111');
    const bob = await createContact('Bob', '+14155550112');
    const cy = await createContact('Cy', '+14155550113');
    const campaign = await h.createCampaign(admin);
    await expect(h.api('POST', `/v1/campaigns/${campaign.id}/contacts`, admin, { contactIds: [ada.id, bob.id, cy.id] })).resolves.toMatchObject({
      body: { added: 3, skipped: 0 },
    });

    await expect(h.api('PATCH', `/v1/contacts/${bob.id}`, admin, { status: 'do_not_call' })).resolves.toMatchObject({ status: 200 });
    await expect(h.api('DELETE', `/v1/contacts/${cy.id}`, admin)).resolves.toMatchObject({ status: 204 });
    await h.api('POST', `/v1/campaigns/${campaign.id}/start`, admin);

    const agents = await Promise.all(['x', 'y'].map((s) => h.token({ tenant: 'acme', role: 'agent', sub: `contacts-agent-${s}` })));
    const first = await h.api<NextContactDto>('POST', `/v1/campaigns/${campaign.id}/next-contact`, agents[0]);
    expect(first.status).toBe(200);
    expect(first.body.contact).toEqual({
      id: ada.id,
      name: 'Ada',
      phone: '+14155550111',
      email: 'ada@example.com',
      status: 'new',
      timeZone: 'America/Los_Angeles',
    });
    await expect(h.api('POST', `/v1/campaigns/${campaign.id}/next-contact`, agents[1])).resolves.toMatchObject({ status: 204 });

    const again = await h.createCampaign(admin);
    await expect(h.api('POST', `/v1/campaigns/${again.id}/contacts`, admin, { contactIds: [ada.id, bob.id, cy.id] })).resolves.toMatchObject({
      body: { added: 1, skipped: 2 },
    });
  });
});
