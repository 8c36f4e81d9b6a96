import { ProjectSchemaError } from './errors.js';
import { migrations, parseOrThrow } from './migrations.js';
import { CURRENT_SCHEMA_VERSION, projectDocumentSchema, type ProjectDocument } from './schema.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The schema version of a parsed project.json. Documents from before versioning (no `schemaVersion`) are version 0.
 * Throws ProjectSchemaError for anything that is not a project of a version this build can read.
 */
export function detectSchemaVersion(json: unknown): number {
  if (!isRecord(json)) throw new ProjectSchemaError([{ path: '(root)', message: 'expected a JSON object' }]);
  if (!('schemaVersion' in json)) return 0;
  const version = json.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ProjectSchemaError([{ path: 'schemaVersion', message: `expected a positive integer, got ${typeof version === 'bigint' ? `${version}n` : (JSON.stringify(version) ?? String(version))}` }]);
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new ProjectSchemaError([
      {
        path: 'schemaVersion',
        message: `this project was saved by a newer Scenecast (schema ${version}); this version reads up to schema ${CURRENT_SCHEMA_VERSION} — update Scenecast to open it`,
      },
    ]);
  }
  return version;
}

/** Migrates a document of any readable version forward to the current one, without validating the result. */
export function migrateProjectDocument(json: unknown): { document: unknown; fromVersion: number } {
  const fromVersion = detectSchemaVersion(json);
  let document = json;
  let version = fromVersion;
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = migrations.find((migration) => migration.from === version);
    if (!step) throw new Error(`project migrations: no step from schema ${version} (a bug in migrations.ts)`);
    document = step.up(document);
    version = step.to;
  }
  return { document, fromVersion };
}

/**
 * Reads a project document from parsed JSON of any supported version: migrates it forward, then validates it against
 * the current schema. Throws ProjectSchemaError naming the path of each bad field.
 */
export function parseProjectDocument(json: unknown): ProjectDocument {
  return parseOrThrow(projectDocumentSchema, migrateProjectDocument(json).document);
}

/** Validates a current-version document (e.g. before saving it). */
export function validateProjectDocument(document: unknown): ProjectDocument {
  if (isRecord(document) && document.schemaVersion !== CURRENT_SCHEMA_VERSION) detectSchemaVersion(document);
  return parseOrThrow(projectDocumentSchema, document);
}
