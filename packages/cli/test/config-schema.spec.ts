/**
 * The JSON Schema shipped with the CLI (`comidl.config.schema.json`, for editors through `$schema`) says
 * what the config reader accepts: the same fields, the same required ones, nothing else; and the
 * repository's own configs conform to it.
 */
import { CONFIG_FIELDS, CONFIG_IGNORED_KEYS } from '@comidl/codegen';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { IDL_ROOT } from './helpers';

interface PropertySchema {
  type?: string;
  enum?: string[];
  pattern?: string;
  minItems?: number;
  minLength?: number;
  items?: { type: string; minLength?: number };
  additionalProperties?: { type?: string; enum?: string[] };
}

const schema = JSON.parse(readFileSync(path.join(__dirname, '../comidl.config.schema.json'), 'utf8')) as {
  type: string;
  required: string[];
  additionalProperties: boolean;
  properties: Record<string, PropertySchema>;
};

/** The problems of a value against one property's schema (the subset of JSON Schema the file uses). */
function problems(value: unknown, s: PropertySchema, at: string): string[] {
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (s.type && s.type !== kind) return [`${at}: ${kind}, not ${s.type}`];
  const out: string[] = [];
  if (s.enum && !s.enum.includes(value as string)) out.push(`${at}: not one of ${s.enum.join(', ')}`);
  if (s.pattern && typeof value === 'string' && !new RegExp(s.pattern).test(value)) out.push(`${at}: does not match ${s.pattern}`);
  if (s.minLength !== undefined && typeof value === 'string' && value.length < s.minLength) out.push(`${at}: shorter than ${s.minLength}`);
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) out.push(`${at}: fewer than ${s.minItems} items`);
    value.forEach((v, i) => out.push(...problems(v, { ...s.items }, `${at}[${i}]`)));
  }
  if (kind === 'object' && s.additionalProperties) {
    for (const [k, v] of Object.entries(value as object)) {
      const extra = s.additionalProperties;
      if (extra.enum && !extra.enum.includes(v as string)) out.push(`${at}.${k}: not one of ${extra.enum.join(', ')}`);
      if (extra.type) out.push(...problems(v, { type: extra.type }, `${at}.${k}`));
    }
  }
  return out;
}

function conform(config: Record<string, unknown>): string[] {
  const out = schema.required.filter((k) => !(k in config)).map((k) => `${k}: missing`);
  for (const [key, value] of Object.entries(config)) {
    const s = schema.properties[key];
    if (!s) out.push(`${key}: not in the schema`);
    else out.push(...problems(value, s, key));
  }
  return out;
}

describe('comidl.config.schema.json', () => {
  it('has exactly the fields the config reader knows, and the keys it ignores, nothing else', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual([...Object.keys(CONFIG_FIELDS), ...CONFIG_IGNORED_KEYS].sort());
    expect(schema.required.sort()).toEqual(['files', 'name', 'scope']);
  });

  it("the repository's configs conform to it and name it", () => {
    const configs = readdirSync(IDL_ROOT)
      .map((d) => path.join(IDL_ROOT, d, 'comidl.config.json'))
      .filter((f) => existsSync(f));
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const file of configs) {
      const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect({ file, problems: conform(config) }).toEqual({ file, problems: [] });
      expect(path.resolve(path.dirname(file), config['$schema'] as string)).toBe(path.resolve(__dirname, '../comidl.config.schema.json'));
    }
  });

  it('takes what the config reader takes: uses of paths and installed packages, an out folder', () => {
    expect(conform({ name: 'app', scope: '@app', files: ['app.idl'], uses: ['../com', '@com/idl', 'com-idl/win32/comidl.config.json'], out: '../build/packages' })).toEqual([]);
    expect(conform({ name: 'app', scope: '@app', files: ['app.idl'], uses: [''], out: ' ' }).sort()).toEqual(['out: does not match \\S', 'uses[0]: shorter than 1']);
  });

  it('finds what is wrong in a config (the check above can fail)', () => {
    expect(conform({ name: 'Bad Name', scope: '@x', files: [], includeDir: [], severity: { M005: 'loud' }, lenient: 'yes', emit: 'some', form: 'source' }).sort()).toEqual([
      'emit: not one of all, reached',
      'files: fewer than 1 items',
      'form: not one of packages, sources',
      'includeDir: not in the schema',
      'lenient: string, not boolean',
      'name: does not match ^[a-z0-9][a-z0-9-]*$',
      'severity.M005: not one of error, warning',
    ]);
  });
});
