/** The folder has no project.json: not a Scenecast project, or it was moved. */
export class ProjectNotFoundError extends Error {
  override readonly name = 'ProjectNotFoundError';
  constructor(readonly dir: string) {
    super(`no Scenecast project in ${dir}: project.json is missing. Open the folder that contains project.json.`);
  }
}

/**
 * project.json can't be read as a project (bad JSON, or it fails the schema). The damaged file has been copied aside
 * (`corruptCopyPath`) and is never overwritten silently; `backupPath` is the last good save, if there is one, which
 * `restoreProjectBackup` puts back.
 */
export class ProjectCorruptError extends Error {
  override readonly name = 'ProjectCorruptError';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly corruptCopyPath: string,
    readonly backupPath: string | null,
  ) {
    super(
      `${file} is damaged: ${reason}. A copy was kept as ${corruptCopyPath}. ` +
        (backupPath ? `The last good save (${backupPath}) can be restored.` : 'There is no earlier good save to restore.'),
    );
  }
}

/** A path in the project document would reach outside the project folder. */
export class ProjectPathError extends Error {
  override readonly name = 'ProjectPathError';
  constructor(
    readonly relativePath: string,
    reason: string,
  ) {
    super(`refusing project path ${JSON.stringify(relativePath)}: ${reason}`);
  }
}

/** project.json was saved by a newer Scenecast; it is left alone rather than misread or overwritten. */
export class ProjectTooNewError extends Error {
  override readonly name = 'ProjectTooNewError';
  constructor(
    readonly file: string,
    readonly schemaVersion: number,
  ) {
    super(`${file} was saved by a newer Scenecast (project schema ${schemaVersion}). Update Scenecast to open it; the file was not changed.`);
  }
}

/** A new project folder cannot be made: the name has nothing usable in it, or the chosen place is not a writable folder. */
export class ProjectFolderError extends Error {
  override readonly name = 'ProjectFolderError';
}
