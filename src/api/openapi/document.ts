import { z } from 'zod';
import { operations as apiOperations, pathParameterDescriptions, type Auth, type Operation } from './operations.js';
import { problemSchema } from './response-schemas.js';

type JsonSchema = Record<string, unknown>;

export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const securityOf: Record<Auth, Array<Record<string, string[]>>> = {
  none: [],
  apiKey: [{ apiKey: [] }],
  adminKey: [{ apiKey: [] }],
  statusTokenOrKey: [{ statusToken: [] }, { apiKey: [] }],
  webhookSignature: [{ webhookSignature: [] }],
};

// The OpenAPI 3.1 document, built from the same zod schemas the routes validate with. Named
// schemas (`.meta({ id })`) land in components and are referenced; requests are described as
// input (defaults optional), responses as output.
export function buildOpenApiDocument(options: { version: string; operations?: Operation[] }) {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    const defs = (out.$defs ?? {}) as Record<string, JsonSchema>;
    delete out.$defs;
    delete out.$schema;
    const rewrite = (s: JsonSchema) => JSON.parse(JSON.stringify(s).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    for (const [id, def] of Object.entries(defs)) components[id] ??= rewrite(def);
    const id = z.globalRegistry.get(schema)?.id;
    if (typeof id === 'string') {
      components[id] ??= rewrite({ ...out, id: undefined });
      return { $ref: `#/components/schemas/${id}` };
    }
    return rewrite(out);
  };
  const problemRef = convert(problemSchema, 'output');

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of options.operations ?? apiOperations) {
    const path = openApiPath(op.path);
    const parameters: unknown[] = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      description: pathParameterDescriptions[m[1]!] ?? '',
      schema: { type: 'string' },
    }));
    if (op.query) {
      const shape = convert(op.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, schema] of Object.entries(shape.properties ?? {}))
        parameters.push({ name, in: 'query', required: shape.required?.includes(name) ?? false, schema });
    }
    for (const h of op.headers ?? [])
      parameters.push({ name: h.name, in: 'header', required: false, description: h.description, schema: { type: 'string' } });
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      const code = Number(status);
      const content = r.schema
        ? { 'application/json': { schema: convert(r.schema, 'output') } }
        : r.contentType
          ? { [r.contentType]: { schema: { type: 'string' } } }
          : code >= 400
            ? { 'application/problem+json': { schema: problemRef } }
            : undefined;
      responses[status] = { description: r.description, ...(content ? { content } : {}) };
    }
    paths[path] ??= {};
    paths[path][op.method] = {
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      operationId: `${op.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      security: securityOf[op.auth],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: convert(op.body, 'input') } } } } : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Takedown API',
      version: options.version,
      description:
        'One removal request in, one notice per platform out. Errors are application/problem+json (RFC 9457). The service never accepts images: links and descriptions only.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set((options.operations ?? apiOperations).map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An account key, `tdk_…` (caseworker, organisation or admin).' },
        statusToken: { type: 'http', scheme: 'bearer', description: 'The status token given once when the request was filed.' },
        webhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description: 'Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature (HMAC-SHA256 with the platform’s secret).',
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
