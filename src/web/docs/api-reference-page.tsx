import type { OpenApiDocument } from '../../api/openapi/document.js';

type Schema = Record<string, any>;

interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

// Human-readable reference of /openapi.json, rendered on the server from the document itself:
// no scripts, no third-party assets.

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (schema?.$ref) return (doc.components.schemas as Record<string, Schema>)[String(schema.$ref).split('/').pop()!] ?? {};
  return schema ?? {};
}

function typeOf(doc: OpenApiDocument, raw: Schema): string {
  const s = resolve(doc, raw);
  const named = raw.$ref ? String(raw.$ref).split('/').pop() : null;
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) return s.anyOf.map((x: Schema) => typeOf(doc, x)).join(' | ');
  if (s.type === 'array') return `${typeOf(doc, s.items ?? {})}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return named ?? s.type ?? 'any';
}

function notesOf(s: Schema): string {
  const n: string[] = [];
  if (s.description) n.push(s.description);
  if (s.default !== undefined) n.push(`default ${JSON.stringify(s.default)}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) n.push(`length ${s.minLength ?? 0}–${s.maxLength ?? '∞'}`);
  if (s.minItems !== undefined || s.maxItems !== undefined) n.push(`${s.minItems ?? 0}–${s.maxItems ?? '∞'} items`);
  const bound = (v: unknown) => (typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
  const [min, max] = [bound(s.minimum), bound(s.maximum)];
  if (min !== undefined || max !== undefined) n.push(`${min ?? '−∞'}–${max ?? '∞'}`);
  if (s.format) n.push(s.format);
  return n.join('; ');
}

function fieldsOf(doc: OpenApiDocument, raw: Schema, prefix = '', depth = 0): FieldRow[] {
  const s = resolve(doc, raw);
  const target = s.type === 'array' ? resolve(doc, s.items) : s;
  const base = s.type === 'array' ? `${prefix}[]` : prefix;
  if (target.type !== 'object' || depth > 3) return [];
  const rows: FieldRow[] = [];
  for (const [name, child] of Object.entries((target.properties ?? {}) as Record<string, Schema>)) {
    const path = base ? `${base}.${name}` : name;
    const resolved = resolve(doc, child);
    rows.push({ name: path, type: typeOf(doc, child), required: (target.required ?? []).includes(name), notes: notesOf(resolved) });
    rows.push(...fieldsOf(doc, child, path, depth + 1));
  }
  return rows;
}

const FieldTable = (props: { rows: FieldRow[] }) =>
  props.rows.length === 0 ? null : (
    <table>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
          <th scope="col">Notes</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>
              <code>{r.name}</code>
            </td>
            <td>
              <code>{r.type}</code>
            </td>
            <td>{r.required ? 'yes' : 'no'}</td>
            <td>{r.notes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

const styles = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1f;background:#fafafa}
header,main{max-width:64rem;margin:0 auto;padding:1rem 1.5rem}
header{border-bottom:1px solid #ddd}
h1{font-size:1.6rem;margin:.5rem 0}
h2{margin-top:2.5rem;border-bottom:2px solid #333}
section.op{background:#fff;border:1px solid #ddd;border-radius:6px;padding:0 1rem 1rem;margin:1.25rem 0}
.method{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase;font-family:monospace}
.get{color:#0b5394}.post{color:#1e6b2f}.put{color:#7a4a00}.delete{color:#9b1c1c}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
code{font-size:.9em;word-break:break-word}
a{color:#0b5394}
nav ul{columns:2}
`;

export function ApiReferencePage(props: { doc: OpenApiDocument }) {
  const { doc } = props;
  const tags = doc.tags.map((t) => t.name);
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, any>).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{doc.info.title} reference</title>
        <style>{styles}</style>
      </head>
      <body>
        <header>
          <h1>
            {doc.info.title} <small>v{doc.info.version}</small>
          </h1>
          <p>{doc.info.description}</p>
          <p>
            Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI {doc.openapi}).
          </p>
        </header>
        <main>
          <nav aria-label="Endpoints">
            <ul>
              {ops.map(({ path, method, op }) => (
                <li>
                  <a href={`#${op.operationId}`}>
                    <span class={`method ${method}`}>{method}</span> <code>{path}</code>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {tags.map((tag) => (
            <>
              <h2>{tag}</h2>
              {ops
                .filter(({ op }) => op.tags.includes(tag))
                .map(({ path, method, op }) => {
                  const body = op.requestBody?.content?.['application/json']?.schema;
                  return (
                    <section class="op" id={op.operationId} aria-labelledby={`${op.operationId}-h`}>
                      <h3 id={`${op.operationId}-h`}>
                        <span class={`method ${method}`}>{method}</span> <code>{path}</code>
                      </h3>
                      <p>
                        <strong>{op.summary}</strong>
                      </p>
                      {op.description ? <p>{op.description}</p> : null}
                      <p>
                        Authentication:{' '}
                        {op.security.length === 0
                          ? 'none'
                          : op.security.map((s: Record<string, string[]>) => Object.keys(s)[0]).join(' or ')}
                      </p>
                      {op.parameters ? (
                        <>
                          <h4>Parameters</h4>
                          <FieldTable
                            rows={op.parameters.map((p: any) => ({
                              name: `${p.name} (${p.in})`,
                              type: typeOf(doc, p.schema),
                              required: p.required,
                              notes: [p.description, notesOf(p.schema)].filter(Boolean).join('; '),
                            }))}
                          />
                        </>
                      ) : null}
                      {body ? (
                        <>
                          <h4>Request body (application/json)</h4>
                          <FieldTable rows={fieldsOf(doc, body)} />
                        </>
                      ) : null}
                      <h4>Responses</h4>
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">Status</th>
                            <th scope="col">Meaning</th>
                            <th scope="col">Body</th>
                          </tr>
                        </thead>
                        <tbody>
                          {Object.entries(op.responses as Record<string, any>).map(([status, r]) => {
                            const [type, media] = Object.entries((r.content ?? {}) as Record<string, any>)[0] ?? [];
                            return (
                              <tr>
                                <td>{status}</td>
                                <td>{r.description}</td>
                                <td>{type ? <code>{`${type}${media?.schema ? `: ${typeOf(doc, media.schema)}` : ''}`}</code> : '—'}</td>
                              </tr>
                            );
                          })}
                        </tbody>
                      </table>
                    </section>
                  );
                })}
            </>
          ))}
          <h2>Schemas</h2>
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <section class="op" id={`schema-${name}`} aria-label={name}>
              <h3>{name}</h3>
              <FieldTable rows={fieldsOf(doc, schema as Schema)} />
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}
