/**
 * Helpers that pull request and response bodies out of the `paths` interfaces openapi-typescript
 * generates from each service's committed openapi.json (src/generated/*.gen.ts).
 */
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type SuccessOf<R> = R extends { 200: infer X }
  ? JsonOf<X>
  : R extends { 201: infer X }
    ? JsonOf<X>
    : R extends { 202: infer X }
      ? JsonOf<X>
      : never;

/** The JSON body of an operation's success answer (200, else 201, else 202). */
export type ResponseOf<Paths, P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends {
  responses: infer R;
}
  ? SuccessOf<R>
  : never;

/** The JSON request body of an operation. */
export type BodyOf<Paths, P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

/** The query parameters of an operation. */
export type QueryOf<Paths, P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

/** Cursor-paginated list answer used by every `/v1` list route. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
