/** The pino-like slice of a logger that Unleash's `getLogger` adapter needs. */
export interface LogSink {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

type LogFn = (message: unknown, ...args: unknown[]) => void;

/**
 * Unleash logs through `getLogger(name)`; routing it into our JSON logs keeps one log stream.
 * Its info chatter (scheduler ticks, migrations) goes to debug so a boot does not flood the log.
 */
export function unleashLogProvider(sink: LogSink) {
  return (name?: string) => {
    const at =
      (write: (obj: object, msg?: string) => void): LogFn =>
      (message, ...args) => {
        const err = args.find((arg) => arg instanceof Error) as Error | undefined;
        write({ unleash: name, ...(err && { err: err.message }) }, String(message));
      };
    return {
      debug: at(sink.debug.bind(sink)),
      info: at(sink.debug.bind(sink)),
      warn: at(sink.warn.bind(sink)),
      error: at(sink.error.bind(sink)),
      fatal: at(sink.error.bind(sink)),
    };
  };
}
