/** The project document (project.json): schema, versions and migrations. Pure TS, shared by engine and renderer. */
export { ProjectSchemaError, type ProjectSchemaIssue } from './errors.js';
export {
  CLIP_MAX_GAIN_DB,
  CLIP_MAX_OFFSET_MS,
  CLIP_MIN_GAIN_DB,
  CURRENT_SCHEMA_VERSION,
  assetSchema,
  clipAudioSchema,
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
  type Asset,
  type Clip,
  type ClipAudio,
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
