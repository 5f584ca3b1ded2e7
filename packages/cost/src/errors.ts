/** An input of the estimate that cannot be priced (negative, not a number). */
export class InvalidUsageError extends Error {
  override readonly name = "InvalidUsageError";
  constructor(
    readonly field: string,
    readonly value: unknown,
    options?: ErrorOptions,
  ) {
    super(
      `cannot estimate the cost of ${field} = ${String(value)}: it must be a number of at least 0`,
      options,
    );
  }
}
