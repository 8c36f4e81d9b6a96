import { useEffect, useRef, useState } from 'react';
import {
  BufferGeometry,
  CameraHelper,
  Color,
  DoubleSide,
  GridHelper,
  Line,
  LineBasicMaterial,
  Mesh,
  MeshBasicMaterial,
  PerspectiveCamera,
  Plane,
  PlaneGeometry,
  Raycaster,
  Scene,
  SRGBColorSpace,
  Texture,
  TextureLoader,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import type { CameoPlacement } from '../../../src-shared/cameo/placement';
import { stageAt, type ShotCamera } from '../../../src-shared/cameo/stage';

export interface StageBillboard {
  placement: CameoPlacement;
  /** The reference image (a data URL), or null while it loads or when it may not be shown. */
  image: string | null;
}

interface CameoStageProps {
  billboards: StageBillboard[];
  selectedId: string | null;
  /** Normalised time in the clip. */
  t: number;
  shot: ShotCamera;
  onSelect: (id: string) => void;
  /** A drag on the ground moved the selected billboard; one gesture id per drag (one undo step). */
  onMove: (id: string, x: number, depth: number, gestureId: string) => void;
  onScale: (id: string, factor: number, gestureId: string) => void;
}

const PATH_SAMPLES = 48;
const ground = new Plane(new Vector3(0, 1, 0), 0);

/**
 * The placement stage in three.js: the ground plane, the shot's camera and its frustum, each placed cameo as a
 * billboard of its reference standing where it is at time t, and its path over the clip. Seen from above and behind
 * the shot's camera. Drag a billboard over the ground to move it; the wheel scales it.
 */
export function CameoStage({ billboards, selectedId, t, shot, onSelect, onMove, onScale }: CameoStageProps) {
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const three = useRef<{ renderer: WebGLRenderer; scene: Scene; view: PerspectiveCamera; meshes: Map<string, Mesh>; extras: (Line | CameraHelper)[]; textures: Map<string, Texture> } | null>(null);
  const [noWebGl, setNoWebGl] = useState<string | null>(null);
  const [handle, setHandle] = useState<{ x: number; y: number } | null>(null);
  const drag = useRef<{ id: string; gesture: string; dx: number; dz: number } | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    let renderer: WebGLRenderer;
    try {
      renderer = new WebGLRenderer({ canvas: canvas.current, antialias: true, preserveDrawingBuffer: true });
    } catch (err) {
      setNoWebGl(`The 3D stage needs WebGL, which this browser could not start (${err instanceof Error ? err.message : String(err)}); use the fields below.`);
      return;
    }
    renderer.outputColorSpace = SRGBColorSpace;
    const scene = new Scene();
    scene.background = new Color('#15171c');
    const grid = new GridHelper(40, 40, '#5a6070', '#2c3038');
    grid.position.z = -10;
    scene.add(grid);
    const floor = new Mesh(new PlaneGeometry(40, 40), new MeshBasicMaterial({ color: '#20242c', side: DoubleSide }));
    floor.rotation.x = -Math.PI / 2;
    floor.position.set(0, -0.01, -10);
    scene.add(floor);
    const view = new PerspectiveCamera(45, 1, 0.1, 200);
    view.position.set(4.5, 4.5, 2.5);
    view.lookAt(0, 0.6, -4.5);
    three.current = { renderer, scene, view, meshes: new Map(), extras: [], textures: new Map() };
    return () => {
      three.current?.textures.forEach((tex) => tex.dispose());
      renderer.dispose();
      three.current = null;
    };
  }, []);

  // Everything that changes redraws once: no animation loop, the stage is still between edits.
  useEffect(() => {
    const ctx = three.current;
    const el = host.current;
    if (!ctx || !el) return;
    const width = el.clientWidth || 480;
    const height = Math.round(width * 0.6);
    ctx.renderer.setSize(width, height, false);
    ctx.view.aspect = width / height;
    ctx.view.updateProjectionMatrix();

    for (const extra of ctx.extras) {
      ctx.scene.remove(extra);
      if (extra instanceof CameraHelper) extra.dispose();
      else extra.geometry.dispose();
    }
    ctx.extras = [];
    const shotCamera = new PerspectiveCamera(shot.fovYDeg, shot.aspect, 0.5, 9);
    shotCamera.position.set(0, shot.height, 0);
    shotCamera.updateMatrixWorld();
    const frustum = new CameraHelper(shotCamera);
    ctx.extras.push(frustum);
    ctx.scene.add(frustum);

    const present = new Set(billboards.map((b) => b.placement.id));
    for (const [id, mesh] of ctx.meshes) {
      if (present.has(id)) continue;
      ctx.scene.remove(mesh);
      mesh.geometry.dispose();
      ctx.meshes.delete(id);
    }
    let selectedHandle: { x: number; y: number } | null = null;
    for (const { placement, image } of billboards) {
      let mesh = ctx.meshes.get(placement.id);
      if (!mesh) {
        mesh = new Mesh(new PlaneGeometry(1, 1), new MeshBasicMaterial({ color: '#d08a3a', side: DoubleSide, transparent: true }));
        mesh.userData.placementId = placement.id;
        ctx.meshes.set(placement.id, mesh);
        ctx.scene.add(mesh);
      }
      const material = mesh.material as MeshBasicMaterial;
      if (image && material.userData.image !== image) {
        const texture = ctx.textures.get(image) ?? new TextureLoader().load(image, () => ctx.renderer.render(ctx.scene, ctx.view));
        texture.colorSpace = SRGBColorSpace;
        ctx.textures.set(image, texture);
        material.map = texture;
        material.color.set('#ffffff');
        material.userData.image = image;
        material.needsUpdate = true;
      }
      material.opacity = placement.id === selectedId ? 1 : 0.75;
      const at = stageAt(placement.keyframes, t);
      mesh.scale.set(at.scale * placement.refAspect, at.scale, 1);
      mesh.position.set(at.x, at.scale / 2, -at.depth);
      // The path over the clip, on the ground.
      const points = Array.from({ length: PATH_SAMPLES }, (_, i) => {
        const p = stageAt(placement.keyframes, i / (PATH_SAMPLES - 1));
        return new Vector3(p.x, 0.02, -p.depth);
      });
      const path = new Line(new BufferGeometry().setFromPoints(points), new LineBasicMaterial({ color: placement.id === selectedId ? '#ffb347' : '#8a6a45' }));
      ctx.extras.push(path);
      ctx.scene.add(path);
      if (placement.id === selectedId) {
        const centre = new Vector3(at.x, at.scale / 2, -at.depth).project(ctx.view);
        selectedHandle = { x: Math.round(((centre.x + 1) / 2) * width), y: Math.round(((1 - centre.y) / 2) * height) };
      }
    }
    setHandle(selectedHandle);
    ctx.renderer.render(ctx.scene, ctx.view);
  }, [billboards, selectedId, t, shot]);

  const pointer = (e: React.PointerEvent) => {
    const ctx = three.current;
    const rect = e.currentTarget.getBoundingClientRect();
    if (!ctx) return null;
    const ray = new Raycaster();
    ray.setFromCamera(new Vector2(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1), ctx.view);
    return { ray, ctx };
  };
  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const hit = pointer(e);
    if (!hit) return;
    const found = hit.ray.intersectObjects([...hit.ctx.meshes.values()])[0];
    const id = found?.object.userData.placementId as string | undefined;
    if (!id) return;
    onSelect(id);
    const onGround = hit.ray.ray.intersectPlane(ground, new Vector3());
    const mesh = hit.ctx.meshes.get(id)!;
    // Keep the grab offset, so the billboard does not jump under the pointer.
    drag.current = { id, gesture: crypto.randomUUID(), dx: onGround ? mesh.position.x - onGround.x : 0, dz: onGround ? mesh.position.z - onGround.z : 0 };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    const hit = pointer(e);
    const onGround = hit?.ray.ray.intersectPlane(ground, new Vector3());
    if (onGround) onMove(d.id, onGround.x + d.dx, -(onGround.z + d.dz), d.gesture);
  };
  const endDrag = () => (drag.current = null);
  const wheelGesture = useRef(crypto.randomUUID());
  const onWheel = (e: React.WheelEvent) => {
    if (!selectedId) return;
    onScale(selectedId, e.deltaY < 0 ? 1.05 : 1 / 1.05, wheelGesture.current);
  };

  return (
    <div ref={host} className="cameo-stage">
      {noWebGl ? (
        <p role="alert">{noWebGl}</p>
      ) : (
        <canvas
          ref={canvas}
          className="cameo-stage-canvas"
          aria-label="Placement stage: drag a cameo over the ground to move it, the wheel scales it"
          data-handle-x={handle?.x}
          data-handle-y={handle?.y}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          onWheel={onWheel}
        />
      )}
    </div>
  );
}
