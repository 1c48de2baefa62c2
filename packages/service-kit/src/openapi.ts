import { readFile, writeFile } from 'node:fs/promises';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { ProblemSchema } from './problem-schema.js';

export interface OpenApiInfo {
  title?: string;
  description?: string;
  servers?: { url: string; description?: string }[];
}

export const DOCS_PREFIX = '/docs';

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/**
 * Adds what every route can answer but rarely declares: the problem responses of the kit itself
 * (401/403 from auth, 400 from validation, 429 from the rate limiter, 500), plus the bearer security
 * requirement of protected routes, so the committed openapi.json tells SDK authors the whole truth.
 */
function documentKitResponses(
  schema: FastifySchema | undefined,
  config: { public?: boolean; scope?: string; impliedByScopes?: readonly string[] },
) {
  const alternatives = (config.impliedByScopes ?? []).map((scope) => ` or \`${scope}\``).join('');
  const response = { ...((schema?.response as Record<string, unknown> | undefined) ?? {}) };
  const add = (status: string, description: string) => {
    if (!(status in response)) response[status] = problemResponse(description);
  };
  const validates =
    schema?.body !== undefined || schema?.querystring !== undefined || schema?.params !== undefined;
  if (validates) add('400', 'The request is invalid (problem+json lists every offending field).');
  if (!config.public) {
    add('401', 'Missing, invalid, expired or revoked credential.');
    add('403', `The credential lacks the scope \`${config.scope ?? ''}\`${alternatives}.`);
  }
  add('429', 'Rate limit exceeded; see Retry-After.');
  add('500', 'Unexpected error; quote request_id when reporting it.');
  const security = config.public ? undefined : [{ bearer: [] }];
  const description = [
    schema?.description,
    config.scope ? `Requires scope \`${config.scope}\`${alternatives}.` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    ...schema,
    response,
    ...(security && { security }),
    ...(description && { description }),
  };
}

export async function registerOpenApi(
  app: FastifyInstance,
  options: { name: string; version: string; info: OpenApiInfo | undefined; docs: boolean },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.info?.title ?? `Bulwark ${options.name}`,
        version: options.version,
        ...(options.info?.description && { description: options.info.description }),
      },
      ...(options.info?.servers && { servers: options.info.servers }),
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An RFC 9068 access token (JWT) or a `bwk_…` API key.',
          },
        },
      },
    },
    transform: ({ schema, url, route }) => ({
      schema: documentKitResponses(
        schema,
        (route.config ?? {}) as { public?: boolean; scope?: string; impliedByScopes?: readonly string[] },
      ) as FastifySchema,
      url,
    }),
  });
  if (options.docs) await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}

/** The OpenAPI document as committed: stable key order from registration, 2-space JSON, newline. */
export async function renderOpenApi(app: FastifyInstance): Promise<string> {
  await app.ready();
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}

/** Writes the service's `openapi.json` (run by a `pnpm openapi` script; the file is committed). */
export async function writeOpenApi(app: FastifyInstance, file: string): Promise<void> {
  await writeFile(file, await renderOpenApi(app), 'utf8');
}

export interface OpenApiDrift {
  upToDate: boolean;
  committed: string | undefined;
  current: string;
}

export async function openApiDrift(app: FastifyInstance, file: string): Promise<OpenApiDrift> {
  const current = await renderOpenApi(app);
  const committed = await readFile(file, 'utf8').catch(() => undefined);
  return { upToDate: committed === current, committed, current };
}

/** For a drift test: fails with a message that says how to fix it. */
export async function assertOpenApiUpToDate(app: FastifyInstance, file: string): Promise<void> {
  const drift = await openApiDrift(app, file);
  if (!drift.upToDate) {
    throw new Error(
      `${file} is ${drift.committed === undefined ? 'missing' : 'out of date'}: regenerate it with writeOpenApi(app, file) and commit the result.`,
    );
  }
}
