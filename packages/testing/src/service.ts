/**
 * Starts an app on an ephemeral port for tests that need real HTTP (keep-alive, timeouts, shutdown)
 * rather than `app.inject`. Typed structurally so this package does not depend on fastify.
 */
export interface ListenableApp {
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<unknown>;
}

export interface TestService {
  url: string;
  close(): Promise<void>;
}

export async function startTestService(app: ListenableApp): Promise<TestService> {
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await app.close();
    },
  };
}
