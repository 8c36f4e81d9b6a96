/** The project document (project.json): schema, versions and migrations. Pure TS, shared by engine and renderer. */
export { ProjectSchemaError, type ProjectSchemaIssue } from './errors.js';
export {
  CURRENT_SCHEMA_VERSION,
  clipSchema,
  markerSchema,
  newProjectDocument,
  projectDocumentSchema,
  projectRelativePath,
  sceneSchema,
  takeSchema,
  takeStatuses,
  trackKinds,
  trackSchema,
  type Clip,
  type Marker,
  type NewProjectOptions,
  type ProjectDocument,
  type Scene,
  type Take,
  type TakeStatus,
  type Track,
  type TrackKind,
} from './schema.js';
export { migrations, type Migration } from './migrations.js';
export { detectSchemaVersion, migrateProjectDocument, parseProjectDocument, validateProjectDocument } from './parse.js';
