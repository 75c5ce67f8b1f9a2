import { appConfig, resolveShape } from '#switchboard/config';
import { authConfig } from '../auth.config.js';
import { resolveAuthOptions } from '../auth-options.js';

/**
 * Whether the settings make the server its own token issuer (the rule of
 * `resolveAuthOptions`), read before the app exists: to mount the dev issuer
 * or not, and to refuse it on a network address at start.
 */
export function devIssuerIsOn(): boolean {
  return resolveAuthOptions(resolveShape(authConfig.fields), resolveShape(appConfig.fields)).devIssuer;
}
