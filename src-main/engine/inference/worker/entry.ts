/**
 * The inference worker: a process of its own so that ONNX Runtime's blocking run() and any native crash stay away
 * from the app. It runs one job at a time, as the engine's queue sends them.
 */
import { runWorker } from './runner.js';
import { parentPort } from './port.js';

runWorker(parentPort());
