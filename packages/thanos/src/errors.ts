/** A string is not a ULID (26 Crockford base32 characters, time first). */
export class InvalidUlidError extends Error {
  override readonly name = "InvalidUlidError";
  constructor(
    readonly value: string,
    options?: ErrorOptions,
  ) {
    super(`parse ULID ${JSON.stringify(value.slice(0, 40))}: not 26 Crockford base32 characters`, options);
  }
}

/** A meta.json or marker did not parse or validate; `problems` says where. */
export class InvalidDocumentError extends Error {
  override readonly name = "InvalidDocumentError";
  constructor(
    readonly document: string,
    readonly problems: string,
    options?: ErrorOptions,
  ) {
    super(`validate ${document}: ${problems}`, options);
  }
}
