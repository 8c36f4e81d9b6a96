import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  CURRENT_SCHEMA_VERSION,
  ProjectSchemaError,
  detectSchemaVersion,
  newProjectDocument,
  parseProjectDocument,
  validateProjectDocument,
  type ProjectDocument,
} from '../../../src-shared/project/index.js';
import { TEMP_SUFFIX, writeFileAtomic } from './atomic.js';
import { ProjectCorruptError, ProjectFolderError, ProjectNotFoundError, ProjectTooNewError } from './errors.js';
import { safeFolderName } from './paths.js';

export const PROJECT_FILE = 'project.json';
export const BACKUP_FILE = 'project.json.bak';
export const CORRUPT_PREFIX = 'project.json.corrupt-';
export const REPLACED_PREFIX = 'project.json.replaced-';
export const ASSETS_DIR = 'assets';
export const RENDERS_DIR = 'renders';

/** Leftover temp files older than this are from a crashed save, not one in progress. */
const STALE_TEMP_MS = 60_000;

export interface OpenedProject {
  dir: string;
  document: ProjectDocument;
  /** The schema version the file had when it was older than this build's; null when it was current. */
  migratedFrom: number | null;
}

export interface CreateProjectOptions {
  fps?: number;
  width?: number;
  height?: number;
  /** Injectable for tests; defaults to the current time. */
  now?: Date;
}

type ReadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; bytes: Buffer; document: ProjectDocument; fromVersion: number }
  | { kind: 'corrupt'; bytes: Buffer; reason: string }
  /** Saved by a newer Scenecast: not damaged, just not ours to read or overwrite. */
  | { kind: 'newer'; version: number };

async function readProjectFile(file: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const detail = (error as Error).message;
    return { kind: 'corrupt', bytes, reason: bytes.length === 0 ? 'the file is empty' : `it is not valid JSON (${detail})` };
  }
  if (typeof json === 'object' && json !== null && 'schemaVersion' in json) {
    const version = (json as { schemaVersion: unknown }).schemaVersion;
    if (typeof version === 'number' && Number.isInteger(version) && version > CURRENT_SCHEMA_VERSION) return { kind: 'newer', version };
  }
  try {
    const fromVersion = detectSchemaVersion(json);
    return { kind: 'ok', bytes, document: parseProjectDocument(json), fromVersion };
  } catch (error) {
    if (error instanceof ProjectSchemaError) {
      return { kind: 'corrupt', bytes, reason: error.message.replace(/^invalid project document — /, 'invalid project document: ') };
    }
    throw error;
  }
}

function timestampForFileName(date: Date): string {
  return date.toISOString().replace(/:/g, '-').replace('.', '-');
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Copies bytes aside (a damaged file, or one about to be replaced), once: reopening the same damaged file reuses the existing copy. */
async function keepCorruptCopy(dir: string, bytes: Buffer, prefix = CORRUPT_PREFIX): Promise<string> {
  const hash = sha256(bytes);
  for (const name of (await readdir(dir)).filter((n) => n.startsWith(prefix)).sort()) {
    const existing = await readFile(path.join(dir, name)).catch(() => null);
    if (existing && sha256(existing) === hash) return path.join(dir, name);
  }
  let copyPath = path.join(dir, `${prefix}${timestampForFileName(new Date())}`);
  for (let n = 2; await stat(copyPath).then(() => true, () => false); n++) {
    copyPath = path.join(dir, `${prefix}${timestampForFileName(new Date())}-${n}`);
  }
  await writeFileAtomic(copyPath, bytes);
  return copyPath;
}

async function usableBackup(dir: string): Promise<string | null> {
  const file = path.join(dir, BACKUP_FILE);
  const result = await readProjectFile(file);
  return result.kind === 'ok' ? file : null;
}

async function corruptError(dir: string, result: Extract<ReadResult, { kind: 'corrupt' }>): Promise<ProjectCorruptError> {
  const copy = await keepCorruptCopy(dir, result.bytes);
  return new ProjectCorruptError(path.join(dir, PROJECT_FILE), result.reason, copy, await usableBackup(dir));
}

/** Removes temp files left by a save that crashed before its rename. */
async function sweepStaleTemps(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    if (!name.startsWith(`.${PROJECT_FILE}.`) || !name.endsWith(TEMP_SUFFIX)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(file, { force: true });
  }
}

function serialise(document: ProjectDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Makes a new folder `<parentDir>/<safe name>` (" 2", " 3", … appended when it exists); never reuses a folder. */
async function makeProjectFolder(parentDir: string, name: string): Promise<string> {
  const base = safeFolderName(name.trim());
  if (!base) throw new ProjectFolderError(`cannot make a project folder from the name ${JSON.stringify(name)}: use letters or digits`);
  const cannot = (error: unknown) =>
    new ProjectFolderError(`cannot make a project folder in ${parentDir}: ${(error as Error).message}. Choose a folder you can write to.`);
  await mkdir(parentDir, { recursive: true }).catch((error: unknown) => {
    throw cannot(error);
  });
  for (let n = 1; ; n++) {
    const candidate = path.join(parentDir, n === 1 ? base : `${base} ${n}`);
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw cannot(error);
    }
  }
}

/**
 * Creates `<parentDir>/<safe name>/` with project.json, assets/ and renders/. When the folder exists, " 2", " 3", …
 * is appended; an existing project is never touched.
 */
export async function createProject(parentDir: string, name: string, options: CreateProjectOptions = {}): Promise<OpenedProject> {
  const trimmed = name.trim();
  const dir = await makeProjectFolder(parentDir, trimmed);
  await mkdir(path.join(dir, ASSETS_DIR));
  await mkdir(path.join(dir, RENDERS_DIR));
  const document = newProjectDocument({
    id: randomUUID(),
    name: trimmed,
    now: (options.now ?? new Date()).toISOString(),
    ...(options.fps !== undefined && { fps: options.fps }),
    ...(options.width !== undefined && { width: options.width }),
    ...(options.height !== undefined && { height: options.height }),
  });
  await writeFileAtomic(path.join(dir, PROJECT_FILE), serialise(document));
  return { dir, document, migratedFrom: null };
}

/** Half-written files (a save or a render in progress) are not part of the copy. */
const isFinishedFile = (file: string): boolean => !file.endsWith(TEMP_SUFFIX) && !file.endsWith('.partial');

/**
 * "Save as": a new project folder `<parentDir>/<safe name>/` holding `document` (renamed, with a new id) and copies of
 * the source project's assets/ and renders/, so every take and asset path in the document still resolves. The source
 * folder is only read. The document is validated before anything is created; a failed copy removes the half-made
 * folder.
 */
export async function saveProjectAs(
  sourceDir: string,
  parentDir: string,
  name: string,
  document: ProjectDocument,
  options: { now?: Date } = {},
): Promise<OpenedProject> {
  const trimmed = name.trim();
  const source = path.resolve(sourceDir);
  const valid = validateProjectDocument({ ...document, id: randomUUID(), name: trimmed, updatedAt: (options.now ?? new Date()).toISOString() });
  const sourceInfo = await stat(path.join(source, PROJECT_FILE)).catch(() => null);
  if (!sourceInfo?.isFile()) throw new ProjectNotFoundError(source);
  const dir = await makeProjectFolder(path.resolve(parentDir), trimmed);
  try {
    for (const sub of [ASSETS_DIR, RENDERS_DIR]) {
      const from = path.join(source, sub);
      const exists = await stat(from).then((s) => s.isDirectory(), () => false);
      if (exists) await cp(from, path.join(dir, sub), { recursive: true, errorOnExist: true, force: false, filter: isFinishedFile });
      else await mkdir(path.join(dir, sub));
    }
    await writeFileAtomic(path.join(dir, PROJECT_FILE), serialise(valid));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, document: valid, migratedFrom: null };
}

/**
 * Reads and validates a project folder, migrating older documents in memory (the file is rewritten on the next save).
 * A damaged project.json raises ProjectCorruptError after copying it aside — every time it is opened, until it is
 * restored from the backup or fixed by hand.
 */
export async function openProject(dir: string): Promise<OpenedProject> {
  const root = path.resolve(dir);
  const file = path.join(root, PROJECT_FILE);
  const result = await readProjectFile(file);
  if (result.kind === 'missing') throw new ProjectNotFoundError(root);
  if (result.kind === 'corrupt') throw await corruptError(root, result);
  if (result.kind === 'newer') throw new ProjectTooNewError(file, result.version);
  await sweepStaleTemps(root);
  return { dir: root, document: result.document, migratedFrom: result.fromVersion < CURRENT_SCHEMA_VERSION ? result.fromVersion : null };
}

const saving = new Map<string, Promise<unknown>>();

/** Saves of one project run one after another, so the backup always holds the save before the latest. */
function serialised<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const previous = saving.get(dir) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  saving.set(dir, settled);
  void settled.then(() => {
    if (saving.get(dir) === settled) saving.delete(dir);
  });
  return next;
}

/**
 * Validates `document` and writes it atomically. The previous project.json, when it was a good one, becomes
 * project.json.bak; a damaged one is copied aside first, never overwritten unseen.
 */
export async function saveProject(dir: string, document: ProjectDocument): Promise<void> {
  const valid = validateProjectDocument(document);
  const root = path.resolve(dir);
  await serialised(root, async () => {
    const file = path.join(root, PROJECT_FILE);
    const current = await readProjectFile(file);
    if (current.kind === 'newer') throw new ProjectTooNewError(file, current.version);
    if (current.kind === 'ok') await writeFileAtomic(path.join(root, BACKUP_FILE), current.bytes);
    else if (current.kind === 'corrupt') await keepCorruptCopy(root, current.bytes);
    await writeFileAtomic(file, serialise(valid));
    await sweepStaleTemps(root);
  });
}

/**
 * Puts the last good save (project.json.bak) back as project.json. Whatever project.json held is kept: a damaged one as
 * project.json.corrupt-<time>, a good one as project.json.replaced-<time>.
 */
export async function restoreProjectBackup(dir: string): Promise<OpenedProject> {
  const root = path.resolve(dir);
  return serialised(root, async () => {
    const file = path.join(root, PROJECT_FILE);
    const backupFile = path.join(root, BACKUP_FILE);
    const backup = await readProjectFile(backupFile);
    if (backup.kind === 'missing') throw new Error(`cannot restore ${file}: there is no ${BACKUP_FILE}`);
    if (backup.kind === 'corrupt') throw new Error(`cannot restore from ${backupFile}: it is damaged too (${backup.reason})`);
    if (backup.kind === 'newer') throw new ProjectTooNewError(backupFile, backup.version);
    const current = await readProjectFile(file);
    if (current.kind === 'newer') throw new ProjectTooNewError(file, current.version);
    if (current.kind === 'corrupt') await keepCorruptCopy(root, current.bytes);
    if (current.kind === 'ok') await keepCorruptCopy(root, current.bytes, REPLACED_PREFIX);
    await writeFileAtomic(file, backup.bytes);
    return { dir: root, document: backup.document, migratedFrom: backup.fromVersion < CURRENT_SCHEMA_VERSION ? backup.fromVersion : null };
  });
}
