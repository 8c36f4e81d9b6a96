export { CameoAlerts } from './CameoAlerts';
export { CameosDialog } from './CameosDialog';
export { CameoMonitorOverlay } from './CameoMonitorOverlay';
export { PlacementLane } from './PlacementLane';
export { StageDialog } from './StageDialog';
export { stageOpened } from './stageSlice';
