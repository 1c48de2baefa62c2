/** Base class: every migration problem stops the service from starting, with a message saying why. */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A file in a migrations directory is misnamed or clashes with another. */
export class MigrationFileError extends MigrationError {}

/** An already-applied migration file was edited after it ran. */
export class MigrationChecksumError extends MigrationError {
  constructor(
    readonly source: string,
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Migration ${source}/${file} was edited after it was applied (checksum ${actual.slice(0, 12)}… ` +
        `differs from the recorded ${expected.slice(0, 12)}…). Applied migrations must never change: ` +
        'restore the original file and put your change in a new migration with the next number.',
    );
  }
}

/** The files on disk disagree with the recorded history: an applied file is gone, renamed or renumbered. */
export class MigrationHistoryError extends MigrationError {}

/** A migration's SQL failed; its transaction was rolled back and nothing of it was recorded. */
export class MigrationFailedError extends MigrationError {
  constructor(
    readonly source: string,
    readonly file: string,
    cause: unknown,
  ) {
    super(
      `Migration ${source}/${file} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
