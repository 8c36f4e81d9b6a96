/**
 * Export: the timeline rendered to a file or a feed post with ffmpeg (through the media module), the visible moving
 * watermark, the invisible watermark and a signed C2PA manifest (through provenance), FCPXML and SRT beside it.
 */
export { ExportError, ExportService, planRender, type PlannedRender, EXPORTS_DIR, DEFAULT_WATERMARK_PNG, type Exporter, type ExportRequest, type ExportServiceDeps, type FeedExportRequest } from './service.js';
export { exportRouter } from './router.js';
export { buildRenderGraph, videoCodecArgs, audioCodecArgs, watermarkOverlay, type RenderGraph, type RenderGraphOptions } from './graph.js';
export { planExportTimeline, ExportPlanError, type ExportSource, type ExportTimeline, type VideoSegment } from './timeline.js';
export { buildFcpxml, buildMarkerSrt } from './sidecars.js';
