"""Synthetic scenes with simulated physics for training and evaluating scenecast-tiny.

A scene is one or two objects (ball, cube, ring, star) of a named color on a background (beach, grass field, night sky,
studio floor), moving under simulated physics (gravity + restitution for bouncing/falling, friction for rolling and
sliding, a projectile arc for thrown, resting), seen by a static or panning camera, optionally with cameo subjects
(patterned figures that walk along a path; their reference crop and per-frame masks are conditioning inputs).

Everything renders with numpy at the output size. `simulate()` returns the per-frame physics state (positions, heights
above the floor, contacts) so that evaluation can compare generated motion with what physics says.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import numpy as np

WIDTH = 128
HEIGHT = 128
FPS = 8
FRAMES = 16
PX_PER_M = 32.0            # the view is 4 m wide
FLOOR_Y = 108.0            # pixel row of the floor line
GRAVITY = 9.81
SUBSTEPS = 32              # physics substeps per video frame

COLORS = {
    "red": (220, 30, 30),
    "orange": (245, 140, 20),
    "yellow": (245, 220, 30),
    "green": (40, 180, 60),
    "blue": (30, 80, 230),
    "purple": (140, 50, 190),
    "white": (245, 245, 245),
    "black": (15, 15, 15),
}
SHAPES = ["ball", "cube", "ring", "star"]
BACKGROUNDS = ["beach", "grass", "night", "studio"]
BACKGROUND_PHRASES = {
    "beach": ["on the beach", "on a sandy beach"],
    "grass": ["on the grass", "on a grass field"],
    "night": ["under the night sky", "at night"],
    "studio": ["on the studio floor", "in the studio"],
}
# motion kind -> shapes that can do it
MOTIONS = {
    "bouncing": SHAPES,
    "falling": SHAPES,
    "rolling": ["ball", "ring"],
    "sliding": ["cube", "star"],
    "thrown": SHAPES,
    "resting": SHAPES,
}
DIRECTIONAL = {"rolling", "sliding", "thrown"}
RESTITUTION = {"ball": (0.70, 0.85), "ring": (0.55, 0.7), "star": (0.45, 0.6), "cube": (0.35, 0.5)}


@dataclass
class ObjectSpec:
    shape: str
    color: str
    motion: str
    direction: int = 0          # -1 left, +1 right, 0 none
    size_m: float = 0.4         # radius in metres
    x0: float = 0.0             # metres, world coordinates (0 = view centre at t=0)
    h0: float = 0.0             # height of the centre above the floor contact point, metres
    vx0: float = 0.0
    vy0: float = 0.0
    restitution: float = 0.7
    friction: float = 0.3       # sliding: mu; rolling: rolling resistance coefficient
    angle0: float = 0.0


@dataclass
class CameoSpec:
    pattern: str                 # stripes_h, stripes_v, checker, dots, diagonal, solid_face
    color_a: tuple
    color_b: tuple
    body: str                    # person (rounded rectangle) or pet (ellipse)
    w: float                     # box size in pixels
    h: float
    path: list                   # [(t in [0,1], cx, cy_bottom)] keyframes in pixels
    direction: int = 0


@dataclass
class SceneSpec:
    background: str
    objects: list
    camera_pan: float = 0.0      # metres per second, + = camera moves right
    cameos: list = field(default_factory=list)
    bg_seed: int = 0
    frames: int = FRAMES
    bg_phrase: str = ""


def motion_phrase(o: ObjectSpec) -> str:
    side = "left" if o.direction < 0 else "right"
    if o.motion in DIRECTIONAL:
        return f"{o.motion} to the {side}"
    return o.motion


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def caption(scene: SceneSpec) -> str:
    first = scene.objects[0]
    text = f"{_article(first.color)} {first.color} {first.shape} {motion_phrase(first)} {scene.bg_phrase}"
    for o in scene.objects[1:]:
        text += f", {_article(o.color)} {o.color} {o.shape} {motion_phrase(o)}"
    if scene.camera_pan != 0:
        text += ", the camera pans to the " + ("right" if scene.camera_pan > 0 else "left")
    return text


def combo_key(color: str, shape: str, motion: str, direction: int, background: str) -> str:
    d = "" if motion not in DIRECTIONAL else ("left" if direction < 0 else "right")
    return f"{color}|{shape}|{motion}|{d}|{background}"


# Single-object combos (color, shape, motion+direction, background) never used as the first object in training;
# evaluation prompts come from here. The demo prompt is held out on purpose.
_FORCED_HELD_OUT = {combo_key("blue", "ball", "bouncing", 0, "beach")}


def is_held_out(color, shape, motion, direction, background) -> bool:
    key = combo_key(color, shape, motion, direction, background)
    if key in _FORCED_HELD_OUT:
        return True
    h = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)
    return h % 100 < 6


def all_combos():
    out = []
    for color in COLORS:
        for motion, shapes in MOTIONS.items():
            for shape in shapes:
                for d in ([-1, 1] if motion in DIRECTIONAL else [0]):
                    for bg in BACKGROUNDS:
                        out.append((color, shape, motion, d, bg))
    return out


# ---------------------------------------------------------------------------------------------------------------------
# sampling scene specs

def _sample_object(rng, shape=None, color=None, motion=None, direction=None, slot=0, n_objects=1) -> ObjectSpec:
    motion = motion or str(rng.choice(list(MOTIONS)))
    shape = shape or str(rng.choice(MOTIONS[motion]))
    color = color or str(rng.choice(list(COLORS)))
    if direction is None:
        direction = int(rng.choice([-1, 1])) if motion in DIRECTIONAL else 0
    size = float(rng.uniform(0.32, 0.45))
    lo, hi = RESTITUTION[shape]
    o = ObjectSpec(shape=shape, color=color, motion=motion, direction=direction, size_m=size,
                   restitution=float(rng.uniform(lo, hi)), angle0=float(rng.uniform(0, 2 * math.pi)))
    # horizontal lane so two objects do not overlap much
    if n_objects == 1:
        lane = float(rng.uniform(-0.6, 0.6))
    else:
        lane = (-0.9 if slot == 0 else 0.9) + float(rng.uniform(-0.25, 0.25))
    if motion == "bouncing":
        o.x0, o.h0 = lane, float(rng.uniform(1.6, 2.5))
        o.vx0 = float(rng.uniform(-0.25, 0.25))
    elif motion == "falling":
        o.x0, o.h0 = lane, float(rng.uniform(1.8, 2.6))
        o.restitution = float(rng.uniform(0.1, 0.22))
    elif motion == "rolling":
        o.friction = float(rng.uniform(0.03, 0.08))
        o.vx0 = direction * float(rng.uniform(1.6, 2.4))
        o.x0 = -direction * 1.3 + float(rng.uniform(-0.2, 0.2)) + (lane * 0.3)
    elif motion == "sliding":
        o.friction = float(rng.uniform(0.12, 0.22))
        o.vx0 = direction * float(rng.uniform(2.2, 3.0))
        o.x0 = -direction * 1.4 + float(rng.uniform(-0.2, 0.2)) + (lane * 0.3)
    elif motion == "thrown":
        o.vx0 = direction * float(rng.uniform(1.3, 1.8))
        o.vy0 = float(rng.uniform(4.0, 5.0))
        o.x0 = -direction * 1.5 + float(rng.uniform(-0.15, 0.15))
        o.h0 = float(rng.uniform(0.0, 0.3))
    elif motion == "resting":
        o.x0 = lane
    return o


PATTERNS = ["stripes_h", "stripes_v", "checker", "dots", "diagonal", "solid_face"]


def sample_cameo(rng, slot=0, n=1) -> CameoSpec:
    body = str(rng.choice(["person", "pet"], p=[0.65, 0.35]))
    if body == "person":
        h = float(rng.uniform(36, 60)); w = h * float(rng.uniform(0.45, 0.6))
    else:
        w = float(rng.uniform(30, 46)); h = w * float(rng.uniform(0.6, 0.8))
    hue_a, hue_b = rng.uniform(0, 1, size=2)
    ca = _hsv(hue_a, rng.uniform(0.5, 1.0), rng.uniform(0.55, 1.0))
    cb = _hsv(hue_b, rng.uniform(0.2, 1.0), rng.uniform(0.1, 0.9))
    kind = str(rng.choice(["walk", "walk", "stand", "diag"]))
    direction = int(rng.choice([-1, 1]))
    if n == 1:
        x_start = float(rng.uniform(20, 108))
    else:
        x_start = float(rng.uniform(20, 60)) if slot == 0 else float(rng.uniform(68, 108))
    y_bottom = FLOOR_Y + float(rng.uniform(-4, 10))
    if kind == "stand":
        path = [(0.0, x_start, y_bottom), (1.0, x_start + rng.uniform(-3, 3), y_bottom)]
        direction = 0
    else:
        dist = float(rng.uniform(25, 60)) * direction
        x_end = float(np.clip(x_start + dist, 10, 118))
        dy = float(rng.uniform(-14, 0)) if kind == "diag" else 0.0
        path = [(0.0, x_start, y_bottom), (1.0, x_end, y_bottom + dy)]
    return CameoSpec(pattern=str(rng.choice(PATTERNS)), color_a=ca, color_b=cb, body=body, w=w, h=h, path=path,
                     direction=direction)


def sample_scene(rng, cameo_prob=0.5, frames=FRAMES, exclude_held_out=True, force=None) -> SceneSpec:
    """force: optional dict(color, shape, motion, direction, background, camera_pan, n_objects, cameos)."""
    force = force or {}
    for _ in range(1000):
        bg = force.get("background") or str(rng.choice(BACKGROUNDS))
        n = force.get("n_objects") or int(rng.choice([1, 2], p=[0.7, 0.3]))
        first = _sample_object(rng, shape=force.get("shape"), color=force.get("color"), motion=force.get("motion"),
                               direction=force.get("direction"), slot=0, n_objects=n)
        if exclude_held_out and is_held_out(first.color, first.shape, first.motion, first.direction, bg):
            continue
        objs = [first]
        if n == 2:
            objs.append(_sample_object(rng, slot=1, n_objects=2))
        pan = force.get("camera_pan")
        if pan is None:
            pan = 0.0 if rng.random() < 0.8 else float(rng.choice([-1, 1]) * rng.uniform(0.5, 0.9))
        cameos = force.get("cameos")
        if cameos is None:
            cameos = []
            if rng.random() < cameo_prob:
                nc = 1 if rng.random() < 0.8 else 2
                cameos = [sample_cameo(rng, slot=i, n=nc) for i in range(nc)]
        phrase = force.get("bg_phrase") or str(rng.choice(BACKGROUND_PHRASES[bg]))
        return SceneSpec(background=bg, objects=objs, camera_pan=pan, cameos=cameos,
                         bg_seed=int(rng.integers(0, 2**31 - 1)), frames=frames, bg_phrase=phrase)
    raise RuntimeError("could not sample a scene outside the held-out set")


# ---------------------------------------------------------------------------------------------------------------------
# physics

def simulate(o: ObjectSpec, frames: int) -> dict:
    """Integrate the object's motion; returns per-frame x (m), height of the lowest point above the floor (m),
    angle (rad), contact flags (the object touched the floor during the frame interval), every floor impact (time,
    speed) and the horizontal speed while on the floor per substep (the sound of a scene is made from these)."""
    dt = 1.0 / FPS / SUBSTEPS
    r = o.size_m
    x, y = o.x0, r + o.h0           # y = centre height above the floor
    vx, vy = o.vx0, o.vy0
    ang = o.angle0
    xs, hs, angs, contacts, bounces = [], [], [], [], []
    impacts = []                     # (time in s, vertical speed in m/s) of every floor impact
    ground = np.zeros(frames * SUBSTEPS, np.float32)   # |vx| while in contact with the floor, per substep
    airborne = o.motion in ("bouncing", "falling", "thrown")
    for f in range(frames):
        xs.append(x); hs.append(y - r); angs.append(ang)
        touched = False
        for sub in range(SUBSTEPS):
            if airborne:
                vy -= GRAVITY * dt
                y += vy * dt
                x += vx * dt
                if o.shape in ("ball", "ring"):
                    ang -= vx * dt / r * 0.3
                else:
                    ang += 1.5 * dt * np.sign(vx) if vx != 0 else 0.0
                if y <= r:
                    impacts.append(((f * SUBSTEPS + sub + 1) * dt, abs(vy)))
                    y = r + (r - y) * o.restitution
                    touched = True
                    if abs(vy) * o.restitution < 0.6:   # too slow to bounce visibly: settle
                        vy = 0.0; y = r; airborne = False
                    else:
                        bounces.append(len(xs) - 1 + 0.5)
                        vy = -vy * o.restitution
                    vx *= 0.85
            else:
                y = r
                touched = True
                if vx != 0.0:
                    if o.motion == "rolling" or o.shape in ("ball", "ring"):
                        dec = o.friction * GRAVITY
                        ang -= vx * dt / r
                    else:
                        dec = o.friction * GRAVITY
                    nv = vx - math.copysign(dec * dt, vx)
                    vx = 0.0 if nv * vx <= 0 else nv
                    x += vx * dt
                ground[f * SUBSTEPS + sub] = abs(vx)
        contacts.append(touched)
    return {"x": np.array(xs), "height": np.array(hs), "angle": np.array(angs), "contact": np.array(contacts),
            "bounce_frames": bounces, "radius_m": r, "impacts": impacts, "ground_speed": ground}


# ---------------------------------------------------------------------------------------------------------------------
# rendering

_YY, _XX = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)


def _hsv(h, s, v):
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    r, g, b = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i]
    return (int(r * 255), int(g * 255), int(b * 255))


def background_panorama(kind: str, seed: int, width: int = WIDTH * 3) -> np.ndarray:
    """A panorama wider than the view so a panning camera can scroll it. float32 HxWx3 in [0, 255]."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:HEIGHT, 0:width].astype(np.float32)
    img = np.zeros((HEIGHT, width, 3), np.float32)
    floor = FLOOR_Y - 4
    ground = yy >= floor
    if kind == "beach":
        sky_top, sky_bot = np.array([90, 160, 235]), np.array([170, 215, 245])
        t = (yy / floor)[..., None]
        img[:] = sky_top * (1 - t) + sky_bot * t
        sea = (yy >= floor - 18) & ~ground
        img[sea] = np.array([30, 110, 170]) + rng.uniform(-8, 8)
        waves = sea & (np.sin(xx * 0.25 + yy * 0.9 + rng.uniform(0, 6)) > 0.93)
        img[waves] = [200, 230, 240]
        sand = np.array([225, 200, 150]) + rng.uniform(-10, 10, size=3)
        noise = rng.normal(0, 6, size=(HEIGHT, width, 1))
        img[ground] = (sand + noise)[ground]
    elif kind == "grass":
        t = (yy / floor)[..., None]
        img[:] = np.array([120, 180, 240]) * (1 - t) + np.array([200, 225, 245]) * t
        hills = yy > floor - 10 - 6 * np.sin(xx * 0.03 + rng.uniform(0, 6))
        img[hills & ~ground] = [70, 140, 70]
        g = np.array([60, 150, 50]) + rng.uniform(-10, 10, size=3)
        stripes = (np.sin(xx * 0.6 + rng.uniform(0, 6)) * 10)[..., None]
        noise = rng.normal(0, 8, size=(HEIGHT, width, 1))
        img[ground] = (g + stripes + noise)[ground]
    elif kind == "night":
        t = (yy / floor)[..., None]
        img[:] = np.array([5, 8, 30]) * (1 - t) + np.array([25, 30, 70]) * t
        n_stars = width * 2 // 3
        sx = rng.integers(0, width, n_stars); sy = rng.integers(0, int(floor - 8), n_stars)
        img[sy, sx] = rng.uniform(150, 255, size=(n_stars, 1))
        moon_x = rng.uniform(20, width - 20)
        moon = (xx - moon_x) ** 2 + (yy - 22) ** 2 < 64
        img[moon] = [235, 235, 210]
        img[ground] = (np.array([35, 35, 45]) + rng.normal(0, 4, size=(HEIGHT, width, 1)))[ground]
    elif kind == "studio":
        t = (yy / floor)[..., None]
        wall = np.array([150, 150, 155]) + rng.uniform(-15, 15)
        img[:] = wall * (0.8 + 0.2 * t)
        img[ground] = np.array([185, 180, 175]) + rng.uniform(-10, 10)
        tiles = ground & ((xx.astype(int) % 24) < 1)
        img[tiles] = img[tiles] * 0.85
        img[(yy >= floor) & (yy < floor + 1)] = [110, 110, 110]
    else:
        raise ValueError(kind)
    return np.clip(img, 0, 255)


def _shape_alpha(shape, cx, cy, r_px, angle):
    dx, dy = _XX - cx, _YY - cy
    ca, sa = math.cos(angle), math.sin(angle)
    u, v = ca * dx + sa * dy, -sa * dx + ca * dy
    rad = np.sqrt(dx * dx + dy * dy)
    if shape == "ball":
        d = rad - r_px
    elif shape == "cube":
        d = np.maximum(np.abs(u), np.abs(v)) - r_px * 0.85
    elif shape == "ring":
        d = np.maximum(rad - r_px, r_px * 0.5 - rad)
    elif shape == "star":
        theta = np.arctan2(v, u)
        d = rad - r_px * (0.5 + 0.5 * np.abs(np.cos(2.5 * theta)) ** 2)
    else:
        raise ValueError(shape)
    return np.clip(0.5 - d, 0.0, 1.0)


def _cameo_texture(c: CameoSpec, u, v):
    """u, v in [0, 1] inside the subject's box; returns HxWx3 colours."""
    a, b = np.array(c.color_a, np.float32), np.array(c.color_b, np.float32)
    if c.pattern == "stripes_h":
        m = (np.floor(v * 6) % 2) == 0
    elif c.pattern == "stripes_v":
        m = (np.floor(u * 5) % 2) == 0
    elif c.pattern == "checker":
        m = ((np.floor(u * 4) + np.floor(v * 5)) % 2) == 0
    elif c.pattern == "dots":
        m = ~((((u * 4) % 1 - 0.5) ** 2 + ((v * 5) % 1 - 0.5) ** 2) < 0.09)
    elif c.pattern == "diagonal":
        m = (np.floor((u + v) * 4) % 2) == 0
    else:  # solid body with a face disc near the top
        m = ~(((u - 0.5) ** 2 + ((v - 0.2) * 1.4) ** 2) < 0.04)
    return np.where(m[..., None], a, b)


def _cameo_alpha_uv(c: CameoSpec, cx, cy_bottom):
    x0, y0 = cx - c.w / 2, cy_bottom - c.h
    u, v = (_XX + 0.5 - x0) / c.w, (_YY + 0.5 - y0) / c.h
    if c.body == "person":
        # rounded rectangle with a narrower head band
        du = np.abs(u - 0.5) * 2; dv = np.abs(v - 0.5) * 2
        k = 6.0
        d = (du ** k + dv ** k) ** (1 / k)
        alpha = np.clip((1.0 - d) * min(c.w, c.h) * 0.5 + 0.5, 0, 1)
    else:
        d = np.sqrt(((u - 0.5) * 2) ** 2 + ((v - 0.5) * 2) ** 2)
        alpha = np.clip((1.0 - d) * min(c.w, c.h) * 0.5 + 0.5, 0, 1)
    return alpha, u, v


def cameo_position(c: CameoSpec, f: int, frames: int):
    t = f / max(frames - 1, 1)
    (t0, x0, y0), (t1, x1, y1) = c.path[0], c.path[-1]
    s = (t - t0) / (t1 - t0)
    bob = 1.5 * math.sin(f * 1.6) if c.direction != 0 else 0.0
    return x0 + (x1 - x0) * s, y0 + (y1 - y0) * s + bob


def cameo_box(c: CameoSpec, f: int, frames: int):
    """Normalised (x, y, w, h) box of the subject in frame f."""
    cx, cyb = cameo_position(c, f, frames)
    return ((cx - c.w / 2) / WIDTH, (cyb - c.h) / HEIGHT, c.w / WIDTH, c.h / HEIGHT)


def box_coverage(box, latent_h=HEIGHT // 8, latent_w=WIDTH // 8) -> np.ndarray:
    """Fraction of each latent cell covered by a normalised box (x, y, w, h): what the engine computes from
    --cameo-box."""
    x, y, w, h = box
    def cover(lo, hi, n):
        edges = np.arange(n + 1) / n
        return np.clip(np.minimum(edges[1:], hi) - np.maximum(edges[:-1], lo), 0, None) * n
    return np.outer(cover(y, y + h, latent_h), cover(x, x + w, latent_w)).astype(np.float32)


def cameo_reference(c: CameoSpec, size=32) -> np.ndarray:
    """The subject alone, centred and scaled into a size x size crop on a neutral grey: float32 HxWx3 in [0, 255]."""
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32)
    scale = size / max(c.w, c.h) * 0.95
    w, h = c.w * scale, c.h * scale
    u, v = (xs + 0.5 - (size - w) / 2) / w, (ys + 0.5 - (size - h) / 2) / h
    if c.body == "person":
        du = np.abs(u - 0.5) * 2; dv = np.abs(v - 0.5) * 2
        d = (du ** 6 + dv ** 6) ** (1 / 6)
    else:
        d = np.sqrt(((u - 0.5) * 2) ** 2 + ((v - 0.5) * 2) ** 2)
    alpha = np.clip((1.0 - d) * min(w, h) * 0.5 + 0.5, 0, 1)[..., None]
    tex = _cameo_texture(c, np.clip(u, 0, 1), np.clip(v, 0, 1))
    return tex * alpha + np.array([128, 128, 128], np.float32) * (1 - alpha)


def render(scene: SceneSpec):
    """Returns (frames uint8 [T, H, W, 3], info) where info has per-object physics + screen tracks and per-cameo
    boxes, exact pixel masks and latent box coverage."""
    T = scene.frames
    pano = background_panorama(scene.background, scene.bg_seed)
    pano_w = pano.shape[1]
    sims = [simulate(o, T) for o in scene.objects]
    frames = np.zeros((T, HEIGHT, WIDTH, 3), np.uint8)
    tracks = [{"cx": [], "cy": [], "r_px": o.size_m * PX_PER_M} for o in scene.objects]
    cameo_info = [{"box": [], "mask_px": [], "coverage": []} for _ in scene.cameos]
    for f in range(T):
        cam_x_m = scene.camera_pan * f / FPS
        off = int(round(pano_w / 2 - WIDTH / 2 + cam_x_m * PX_PER_M)) % (pano_w - WIDTH)
        img = pano[:, off:off + WIDTH].copy()
        for ci, c in enumerate(scene.cameos):
            cx, cyb = cameo_position(c, f, T)
            alpha, u, v = _cameo_alpha_uv(c, cx, cyb)
            tex = _cameo_texture(c, np.clip(u, 0, 1), np.clip(v, 0, 1))
            img = img * (1 - alpha[..., None]) + tex * alpha[..., None]
            box = cameo_box(c, f, T)
            cameo_info[ci]["box"].append(box)
            cameo_info[ci]["mask_px"].append(alpha > 0.5)
            cameo_info[ci]["coverage"].append(box_coverage(box))
        for oi, (o, sim) in enumerate(zip(scene.objects, sims)):
            r_px = o.size_m * PX_PER_M
            cx = WIDTH / 2 + (sim["x"][f] - cam_x_m) * PX_PER_M
            cy = FLOOR_Y - (sim["height"][f] + o.size_m) * PX_PER_M
            tracks[oi]["cx"].append(cx); tracks[oi]["cy"].append(cy)
            # soft shadow on the floor, smaller and fainter the higher the object
            hgt = sim["height"][f]
            sw = r_px * (1.0 - min(hgt / 3.0, 0.6))
            sh = ((_XX - cx) / max(sw, 1)) ** 2 + ((_YY - FLOOR_Y) / max(sw * 0.25, 1)) ** 2
            shadow = np.clip(1 - sh, 0, 1) * 0.45 * (1 - min(hgt / 3.0, 0.8))
            img = img * (1 - shadow[..., None])
            alpha = _shape_alpha(o.shape, cx, cy, r_px, sim["angle"][f])
            col = np.array(COLORS[o.color], np.float32)
            # gentle shading: lighter top-left, darker bottom-right, keeps the hue dominant
            shade = 1.0 + 0.18 * (-(_XX - cx) - (_YY - cy)) / (2 * r_px)
            shade = np.clip(shade, 0.8, 1.2)[..., None]
            if o.color == "black":
                objc = col + 25 * (shade - 1.0)
            else:
                objc = col * shade
            img = img * (1 - alpha[..., None]) + np.clip(objc, 0, 255) * alpha[..., None]
        frames[f] = np.clip(img + 0.5, 0, 255).astype(np.uint8)
    info = {"sims": sims, "tracks": tracks, "cameos": cameo_info}
    return frames, info


if __name__ == "__main__":
    import sys, time
    rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    t0 = time.time()
    for i in range(10):
        s = sample_scene(rng)
        fr, info = render(s)
        print(caption(s), "| cameos:", len(s.cameos))
    print("render time per clip: %.3fs" % ((time.time() - t0) / 10))
    n = len(all_combos()); held = sum(is_held_out(*c) for c in all_combos())
    print(f"combos {n}, held out {held}")
