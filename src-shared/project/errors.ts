export interface ProjectSchemaIssue {
  /** Dotted path of the bad field from the document root, e.g. "clips.3.durationFrames"; "(root)" for the whole document. */
  path: string;
  message: string;
}

/** The document is not a valid Scenecast project (of any version we can read). Names the path of every bad field. */
export class ProjectSchemaError extends Error {
  override readonly name = 'ProjectSchemaError';
  constructor(readonly issues: readonly ProjectSchemaIssue[]) {
    super(ProjectSchemaError.describe(issues));
  }

  private static describe(issues: readonly ProjectSchemaIssue[]): string {
    const shown = issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.message}`);
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    return `invalid project document — ${shown.join('; ')}${more}`;
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((key) => String(key)).join('.');
}
