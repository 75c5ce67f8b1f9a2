// Nest 12's cross-origin request protection, which its application class loads
// for `app.useCrossOriginProtection()`. Switchboard does not call it: its API
// authenticates with bearer tokens, which a browser never sends on its own,
// and CORS is configured per stage (CORS_ORIGINS). Constructing it fails loudly.
export class CrossOriginProtection {
  constructor() {
    throw new Error('app.useCrossOriginProtection() is not available in a Lambda bundle');
  }
}
