/** No usable ffmpeg/ffprobe pair was found. The message lists every place tried and how to fix it. */
export class MediaToolMissingError extends Error {
  override readonly name = 'MediaToolMissingError';
  constructor(
    message: string,
    /** One line per candidate that was tried, with why it was rejected. */
    readonly tried: readonly string[],
  ) {
    super(message);
  }
}

/** The output location can't be written (missing folder, a file where a folder should be, no permission). */
export class MediaOutputError extends Error {
  override readonly name = 'MediaOutputError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** ffmpeg or ffprobe ran and failed; `stderrTail` holds its last lines, which say why. */
export class MediaProcessError extends Error {
  override readonly name = 'MediaProcessError';
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(stderrTail ? `${message}\n${stderrTail}` : message);
  }
}
