import { loggedUrl } from './logged-url.js';

describe('loggedUrl', () => {
  it('keeps a URL without a query as it is', () => {
    expect(loggedUrl('/v1/contacts/8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d')).toBe('/v1/contacts/8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d');
    expect(loggedUrl(undefined)).toBeUndefined();
  });

  it('keeps paging and id, state and time filters with their values', () => {
    const url = '/v1/calls?limit=5&cursor=WyIyMDI2Il0&agentId=a1&campaignId=c1&contactId=k1&from=2026-11-02T00%3A00%3A00Z&to=2026-11-03';
    expect(loggedUrl(url)).toBe(url);
    expect(loggedUrl('/v1/agents?state=available&status=active')).toBe('/v1/agents?state=available&status=active');
  });

  it('masks the value of a search or a tag, keeping the name', () => {
    expect(loggedUrl('/v1/contacts?q=%2B14045550100&limit=20')).toBe('/v1/contacts?q=[redacted]&limit=20');
    expect(loggedUrl('/v1/contacts?tag=vip&q=ada@example.com')).toBe('/v1/contacts?tag=[redacted]&q=[redacted]');
    expect(loggedUrl('/v1/contacts?q')).toBe('/v1/contacts?q=[redacted]');
  });

  it('writes neither the name nor the value of an unknown parameter, only one marker', () => {
    expect(loggedUrl('/v1/contacts?email=ada%40example.com&ada.lovelace%40example.com&%2B14045550100=1&limit=2')).toBe('/v1/contacts?limit=2&[redacted]');
    expect(loggedUrl('/v1/contacts?%E0%A4%A=1')).toBe('/v1/contacts?[redacted]');
    expect(loggedUrl('/v1/contacts?')).toBe('/v1/contacts');
  });
});
