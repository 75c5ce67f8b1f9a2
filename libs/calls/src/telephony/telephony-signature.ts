// The scheme is shared with outbound webhooks, so it lives in #switchboard/common.
export { SIGNATURE_HEADER, signPayload as signTelephonyPayload, verifySignature as verifyTelephonySignature } from '#switchboard/common';
export type { SignatureVerdict } from '#switchboard/common';
