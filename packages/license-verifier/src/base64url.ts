const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url decoding. Node's decoder silently skips foreign characters and accepts
 * non-zero padding bits, which would make one signature readable from many strings; we accept
 * only the canonical encoding so a key or file has exactly one spelling.
 */
export function decodeBase64url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeBase64url(bytes: Uint8Array | string): string {
  return (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)).toString('base64url');
}
