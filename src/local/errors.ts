/**
 * The one error type of the local fabric's data layer (store and C8QL engine).
 * It carries what the HTTP layer needs to answer exactly like C8: the HTTP status, ArangoDB's errorNum,
 * the message, and extra body fields (e.g. `_id`/`_key`/`_rev` of the current document on a 412).
 */
export class LocalError extends Error {
  constructor(
    readonly code: number /* HTTP status */,
    readonly errorNum: number,
    message: string,
    readonly extra?: Record<string, unknown> /* e.g. _id/_key/_rev on 412 */,
  ) {
    super(message);
    this.name = "LocalError";
  }

  /** The JSON error body C8 sends: `{error, code, errorNum, errorMessage, ...extra}`. */
  toBody(): Record<string, unknown> {
    return { error: true, code: this.code, errorNum: this.errorNum, errorMessage: this.message, ...this.extra };
  }
}

/** True when `e` is a {@link LocalError} (also across module copies, by shape). */
export function isLocalError(e: unknown): e is LocalError {
  return (
    e instanceof LocalError ||
    (e instanceof Error && typeof (e as LocalError).code === "number" && typeof (e as LocalError).errorNum === "number")
  );
}
