/** The slice of a pino/fastify logger the relay uses; `console`-like objects fit too. */
export interface RelayLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function line(level: string) {
  return (obj: object, msg?: string) => {
    process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...obj })}\n`);
  };
}

/** JSON lines on stderr, for the standalone relay process. */
export const stderrLog: RelayLog = { info: line('info'), warn: line('warn'), error: line('error') };

export const silentLog: RelayLog = { info() {}, warn() {}, error() {} };

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
