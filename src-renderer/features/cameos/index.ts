export { CameosDialog } from './CameosDialog';
