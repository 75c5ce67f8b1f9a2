// iconv-lite for Lambda bundles: body-parser and raw-body only decode request
// bodies. Node's TextDecoder (full ICU in the official builds and on Lambda)
// knows the same charsets, so the 480 KB of code tables stay out of the bundle.
'use strict';

function decoderFor(encoding) {
  try {
    return new TextDecoder(String(encoding).trim());
  } catch {
    return undefined;
  }
}

function required(encoding) {
  const decoder = decoderFor(encoding);
  // raw-body maps this exact message prefix to 415 "encoding unsupported".
  if (!decoder) throw new Error(`Encoding not recognized: '${encoding}'`);
  return decoder;
}

exports.encodingExists = (encoding) => decoderFor(encoding) !== undefined;

exports.decode = (buffer, encoding) => required(encoding).decode(buffer);

exports.getDecoder = (encoding) => {
  const decoder = required(encoding);
  return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() || undefined };
};

exports.encode = (text, encoding) => {
  const name = String(encoding).toLowerCase().replace(/[^a-z0-9]/g, '');
  const node = { utf8: 'utf8', ascii: 'ascii', latin1: 'latin1', iso88591: 'latin1', utf16le: 'utf16le', ucs2: 'utf16le', base64: 'base64', hex: 'hex' }[name];
  if (!node) throw new Error(`Encoding not recognized: '${encoding}'`);
  return Buffer.from(text, node);
};
