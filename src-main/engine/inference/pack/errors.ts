/** A model pack that cannot be used. The message names the pack file and field so a user can fix it. */
export class ModelPackError extends Error {
  override readonly name = 'ModelPackError';
  constructor(
    readonly packDir: string,
    readonly file: string,
    readonly field: string | null,
    detail: string,
  ) {
    super(`model pack ${packDir}: ${file}${field ? `: ${field}` : ''}: ${detail}`);
  }
}
