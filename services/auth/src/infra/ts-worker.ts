/**
 * The service runs from TypeScript sources under tsx, whose module hooks do not reach worker
 * threads: a thread registers them itself, then imports its entry. Both resolved here, from this
 * module, so a thread does not depend on the working directory. Run with `new Worker(code, { eval: true })`.
 */
export function tsWorkerBootstrap(entry: URL): string {
  return `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}
