import { X509Certificate } from 'node:crypto';
import { databaseTls } from './database-tls.js';

describe('databaseTls', () => {
  const tls = databaseTls();
  const subjects = tls.ca.map((pem) => new X509Certificate(pem).subject);

  it('verifies the server certificate', () => {
    expect(tls.rejectUnauthorized).toBe(true);
  });

  it("trusts the RDS certificate authorities of the stages' region and RDS Proxy's Amazon roots", () => {
    expect(subjects.some((s) => s.includes('Amazon RDS us-west-2') && s.includes('Root CA'))).toBe(true);
    expect(subjects.some((s) => s.includes('CN=Amazon Root CA 1'))).toBe(true);
  });

  it('ships the RDS root certificate authorities of the 2024 rotation (valid into the 2040s), not a copy that goes stale', () => {
    const rds = tls.ca.map((pem) => new X509Certificate(pem)).filter((c) => c.subject.includes('Amazon RDS'));
    expect(rds.length).toBeGreaterThan(10);
    expect(rds.some((c) => new Date(c.validTo).getFullYear() >= 2040)).toBe(true);
  });
});
