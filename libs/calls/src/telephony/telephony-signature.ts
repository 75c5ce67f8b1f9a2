// The scheme is shared with outbound webhooks, so it lives in #switchboard/common.
export {
  SIGNATURE_HEADER,
  signPayload as signTelephonyPayload,
  verifySignature as verifyTelephonySignature,
  parseSignatureHeader,
  isFresh,
  matchingSecret,
} from '#switchboard/common';
export type { ParsedSignature, SignatureVerdict } from '#switchboard/common';
