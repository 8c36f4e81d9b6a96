/** The Export dialog: the timeline to a file or the feed, with the marks that say where it came from. */
export { ExportDialog } from './ExportDialog';
