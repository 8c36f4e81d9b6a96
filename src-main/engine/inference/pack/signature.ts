import type { TensorSpec } from './manifest.js';

/** What ONNX Runtime reports about one input or output of a session. */
export interface OnnxValueInfo {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

/**
 * Compares a component's declared tensors with what its ONNX file really has. Returns problems as
 * `[field, detail]` pairs; an empty list means the signature matches.
 */
export function compareSignature(
  componentField: string,
  onnxFile: string,
  declared: { inputs: Record<string, TensorSpec | undefined>; outputs: Record<string, TensorSpec | undefined> },
  actual: { inputs: readonly OnnxValueInfo[]; outputs: readonly OnnxValueInfo[] },
): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const byName = new Map(actual[side].map((v) => [v.name, v]));
    for (const [role, spec] of Object.entries(declared[side])) {
      if (!spec) continue;
      const field = `${componentField}.${side}.${role}`;
      const info = byName.get(spec.name);
      if (!info) {
        const names = actual[side].map((v) => `'${v.name}'`).join(', ') || 'none';
        problems.push([`${field}.name`, `'${spec.name}' is not an ${side === 'inputs' ? 'input' : 'output'} of ${onnxFile} (it has ${names})`]);
        continue;
      }
      if (!info.isTensor) {
        problems.push([field, `${onnxFile} '${spec.name}' is not a tensor`]);
        continue;
      }
      if (info.type && info.type !== spec.dtype) {
        problems.push([`${field}.dtype`, `is ${spec.dtype}, ${onnxFile} '${spec.name}' is ${info.type}`]);
      }
      const shape = info.shape ?? [];
      if (shape.length > 0) {
        if (shape.length !== spec.shape.length) {
          problems.push([`${field}.shape`, `has rank ${spec.shape.length}, ${onnxFile} '${spec.name}' has rank ${shape.length} ([${shape.join(',')}])`]);
        } else {
          spec.shape.forEach((d, i) => {
            const a = shape[i];
            if (typeof a === 'number' && a > 0 && d !== a) {
              problems.push([`${field}.shape[${i}]`, `is ${d}, ${onnxFile} '${spec.name}' has ${a}`]);
            }
          });
        }
      }
    }
    if (side === 'inputs') {
      const declaredNames = new Set(Object.values(declared.inputs).flatMap((s) => (s ? [s.name] : [])));
      for (const v of actual.inputs) {
        if (!declaredNames.has(v.name)) problems.push([`${componentField}.inputs`, `${onnxFile} needs input '${v.name}', which the manifest does not declare`]);
      }
    }
  }
  return problems;
}
