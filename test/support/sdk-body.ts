/** A GetObject body as the SDK returns it, for aws-sdk-client-mock (the adapters use only these two methods). */
export function sdkBody(bytes: string | Uint8Array) {
  const buffer = Buffer.from(bytes);
  return {
    transformToString: async (encoding?: BufferEncoding) => buffer.toString(encoding ?? "utf8"),
    transformToByteArray: async () => new Uint8Array(buffer),
  } as never;
}
