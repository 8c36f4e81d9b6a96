/** Projects: a project is a folder with project.json, assets/ and renders/; saves are atomic and backed up. */
export { ProjectCorruptError, ProjectFolderError, ProjectNotFoundError, ProjectPathError, ProjectTooNewError } from './errors.js';
export { stageFileWrite, writeFileAtomic, type StagedFileWrite } from './atomic.js';
export { resolveInProject, safeFolderName } from './paths.js';
export {
  ASSETS_DIR,
  BACKUP_FILE,
  CORRUPT_PREFIX,
  PROJECT_FILE,
  RENDERS_DIR,
  REPLACED_PREFIX,
  createProject,
  openProject,
  restoreProjectBackup,
  saveProject,
  saveProjectAs,
  type CreateProjectOptions,
  type OpenedProject,
} from './store.js';
