import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, WasmBuilder, WasmReader } from '@contentauth/c2pa-wasm';

/**
 * Loads the C2PA SDK (c2pa-rs compiled to WebAssembly) from its package, once per process, without any network.
 *
 * The SDK is built for browsers: it reads a Blob synchronously with `FileReaderSync`, which only exists in Web Workers.
 * Node has no synchronous Blob read, so signing passes a `BytesBlob` (size + slice over bytes already in memory) and a
 * `FileReaderSync` stand-in that reads it. Reading needs neither: `WasmReader.fromBytes` takes bytes directly.
 */
let loaded = false;

class BytesBlob {
  constructor(readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  slice(start = 0, end = this.bytes.length): BytesBlob {
    return new BytesBlob(this.bytes.subarray(start, end));
  }
}

class BytesFileReaderSync {
  readAsArrayBuffer(blob: unknown): ArrayBuffer {
    if (!(blob instanceof BytesBlob)) throw new TypeError('FileReaderSync stand-in: only BytesBlob can be read in Node');
    const { bytes } = blob;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

export function c2paSdk(): { WasmBuilder: typeof WasmBuilder; WasmReader: typeof WasmReader } {
  if (!loaded) {
    const wasmPath = createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm');
    initSync({ module: readFileSync(wasmPath) });
    const scope = globalThis as { FileReaderSync?: unknown };
    scope.FileReaderSync ??= BytesFileReaderSync;
    loaded = true;
  }
  return { WasmBuilder, WasmReader };
}

/** Wraps bytes for the SDK's Blob parameters (see above). */
export function bytesBlob(bytes: Uint8Array): Blob {
  return new BytesBlob(bytes) as unknown as Blob;
}
