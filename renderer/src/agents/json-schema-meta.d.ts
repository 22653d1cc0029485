// A module made at build time (electron.vite.config.ts): Ajv's validator for the JSON Schema 2020-12
// meta-schema, compiled to plain code, since the page's CSP allows no code compiled at run time.
declare module 'virtual:json-schema-meta' {
  interface MetaError {
    instancePath: string;
    keyword: string;
    message?: string;
    params: Record<string, unknown>;
  }
  const validate: ((schema: unknown) => boolean) & { errors?: MetaError[] | null };
  export default validate;
}
