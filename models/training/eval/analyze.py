"""Measure prompt adherence, physics, stability and cameo placement of generated clips.

  /usr/bin/python3 models/training/eval/analyze.py --prompts <dir>/prompts.json --videos <dir> [--out results.json]

prompts.json is a list of cases (see heldout.py): {id, prompt, file, background, objects: [{color, shape, motion,
direction}], cameo: null | {reference: png, boxes: [[x, y, w, h] per frame, normalised]}}. Each MP4 is decoded with
ffmpeg to raw RGB.

How each figure is measured (no model in the loop, only pixels):
- the background is estimated per row (median over the row of the per-pixel temporal median; the scenes' backgrounds
  are horizontal bands), the foreground is what differs from it, cameo boxes excluded; the object is the largest
  foreground blob of each frame;
- color adherence: the object's pixels are classified to the nearest of the 8 named colours; the named one must win;
- motion adherence: the object's track is classified (resting / translating left or right / bouncing / falling /
  thrown left or right) from displacement, vertical range, rebounds and apex; it must match the verb (rolling and
  sliding both count as translating in the named direction: the centroid cannot tell them apart);
- physics: for bouncing clips, the height between consecutive floor contacts is fitted with a parabola; R² per arc
  (arcs of at least 4 frames), the clip's figure is the median over its arcs;
- flicker: mean absolute difference between consecutive frames outside the object and cameo regions (0-255 scale);
- cameo IoU: per frame, the non-object foreground inside or outside the requested box versus the box itself;
- cameo appearance: histogram intersection (8x8x8 RGB bins) of the requested box region with the reference image.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
from scipy import ndimage

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import scenes  # noqa: E402

PALETTE = np.array([scenes.COLORS[c] for c in scenes.COLORS], np.float32)
COLOR_NAMES = list(scenes.COLORS)


def read_mp4(path):
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                            "-of", "json", path], capture_output=True, text=True, check=True)
    st = json.loads(probe.stdout)["streams"][0]
    w, h = st["width"], st["height"]
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)


def read_audio(path, sr=16000):
    """The MP4's first audio stream as mono float32 at `sr`, or None when it has no sound."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=index",
                            "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    if not probe.stdout.strip():
        return None
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-map", "0:a:0", "-ac", "1", "-ar", str(sr), "-f", "f32le",
                          "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.float32)


def audio_onsets(x, sr=16000, hop=128, n=512, min_gap=0.06):
    """Onset times (s) by spectral flux: positive log-magnitude change summed over bins, peaks above an adaptive
    threshold (median + 4 MAD, and at least a tenth of the largest peak), at least `min_gap` apart."""
    pad = np.pad(x.astype(np.float64), (n // 2, n // 2))
    frames = np.lib.stride_tricks.sliding_window_view(pad, n)[::hop] * np.hanning(n)
    S = np.log1p(100 * np.abs(np.fft.rfft(frames, axis=1)))
    flux = np.concatenate([[0.0], np.maximum(S[1:] - S[:-1], 0).sum(axis=1)])
    med = np.median(flux); mad = np.median(np.abs(flux - med)) + 1e-9
    thr = max(med + 4 * 1.4826 * mad, 0.1 * flux.max())
    out = []
    for i in range(1, len(flux) - 1):
        if flux[i] > thr and flux[i] >= flux[i - 1] and flux[i] > flux[i + 1]:
            t = i * hop / sr
            if not out or t - out[-1] >= min_gap:
                out.append(t)
    return np.array(out)


def contact_frames(cy, min_drop=1.5):
    """Frames where the tracked object hits the floor: it was moving down (image rows grow) and stops or turns."""
    out = []
    for i in range(1, len(cy) - 1):
        if np.isnan(cy[i - 1]) or np.isnan(cy[i]) or np.isnan(cy[i + 1]):
            continue
        if cy[i] - cy[i - 1] > min_drop and cy[i + 1] - cy[i] <= 0.5:
            out.append(i)
    return out


def sound_sync(path, cy, fps):
    """For each visible floor contact, the offset (in frames) from the contact frame to the nearest audio onset."""
    audio = read_audio(path)
    if audio is None:
        return None
    onsets = audio_onsets(audio)
    contacts = contact_frames(cy)
    offsets = [float(min(onsets * fps - c, key=abs)) if len(onsets) else None for c in contacts]
    # onsets more than a frame from every visible contact: extra impacts, or impacts the frames do not show
    away = int(sum(all(abs(t * fps - c) > 1.0 for c in contacts) for t in onsets))
    return {"contacts": contacts, "onsets_s": [round(float(t), 3) for t in onsets], "offsets_frames": offsets,
            "onsets_away_from_contacts": away}


def box_mask(box, H, W):
    x, y, w, h = box
    m = np.zeros((H, W), bool)
    x0, x1 = int(round(max(x, 0) * W)), int(round(min(x + w, 1) * W))
    y0, y1 = int(round(max(y, 0) * H)), int(round(min(y + h, 1) * H))
    m[y0:y1, x0:x1] = True
    return m


def background_estimate(frames, exclude):
    """Per-row background colour: median over the row (excluded pixels ignored) of the temporal median."""
    med = np.median(frames.astype(np.float32), axis=0)                 # (H, W, 3)
    H = med.shape[0]
    bg = np.zeros_like(med)
    ex_any = exclude.any(axis=0) if exclude is not None else np.zeros(med.shape[:2], bool)
    for y in range(H):
        keep = ~ex_any[y]
        row = med[y][keep] if keep.sum() > 8 else med[y]
        bg[y] = np.median(row, axis=0)
    return bg


def foreground(frames, bg, thresh=55.0):
    d = np.abs(frames.astype(np.float32) - bg[None]).sum(-1)
    fg = d > thresh
    fg = ndimage.binary_opening(fg, structure=np.ones((1, 2, 2), bool))
    return fg


def object_track(fg, min_px=12, min_row=None):
    """Centroid and mask of the largest blob per frame (NaN where none)."""
    T = fg.shape[0]
    cx, cy, bottom = np.full(T, np.nan), np.full(T, np.nan), np.full(T, np.nan)
    masks = np.zeros_like(fg)
    for t in range(T):
        lab, n = ndimage.label(fg[t])
        if n == 0:
            continue
        sizes = np.asarray(ndimage.sum(fg[t], lab, range(1, n + 1)), np.float64)
        if min_row is not None:
            # a resting object: compact (bounding box roughly square) and in the lower part of the frame
            rows = np.asarray(ndimage.center_of_mass(fg[t], lab, range(1, n + 1)))[:, 0]
            sl = ndimage.find_objects(lab)
            aspect = np.array([min(a.stop - a.start, b.stop - b.start) / max(a.stop - a.start, b.stop - b.start)
                               for a, b in sl])
            sizes = np.where((rows >= min_row) & (aspect >= 0.5), sizes, 0.0)
        k = int(np.argmax(sizes)) + 1
        if sizes[k - 1] < min_px:
            continue
        ys, xs = np.nonzero(lab == k)
        masks[t] = lab == k
        cx[t], cy[t], bottom[t] = xs.mean(), ys.mean(), ys.max()
    return cx, cy, bottom, masks


def dominant_color(frames, masks):
    px = frames[masks].astype(np.float32)
    if len(px) == 0:
        return None, {}
    d = ((px[:, None, :] - PALETTE[None]) ** 2).sum(-1)
    votes = np.bincount(d.argmin(1), minlength=len(PALETTE))
    share = votes / votes.sum()
    return COLOR_NAMES[int(share.argmax())], {COLOR_NAMES[i]: round(float(s), 3) for i, s in enumerate(share) if s > 0.02}


def classify_motion(cx, cy, W):
    ok = ~np.isnan(cx)
    if ok.sum() < 4:
        return "none", {}
    t = np.nonzero(ok)[0]
    x, y = cx[ok], cy[ok]
    height = -(y - y.max())                     # px above the lowest centroid position seen
    dx = float(np.median(x[-3:]) - np.median(x[:3]))
    vrange = float(height.max() - height.min())
    # rebounds: after a local minimum of height (a contact), the object rises again by > 6 px
    rebounds = 0
    for i in range(1, len(height) - 1):
        if height[i] <= height[i - 1] and height[i] < height[i + 1]:
            if height[i + 1:].max() - height[i] > 6:
                rebounds += 1
    apex = int(np.argmax(height))
    rises_first = height[apex] - height[0] > 8 and 0 < apex < len(height) - 1
    stats = {"dx": round(dx, 1), "vrange": round(vrange, 1), "rebounds": rebounds, "apex_index": int(t[apex])}
    side = "right" if dx > 0 else "left"
    if vrange < 8:
        if abs(dx) < 8:
            return "resting", stats
        return f"translating {side}", stats
    if rises_first and abs(dx) > 12:
        return f"thrown {side}", stats
    if rebounds >= 1 and not rises_first:
        return "bouncing", stats
    if height[0] > height[-1] + 8:
        return "falling", stats
    return "other", stats


def expected_motion(o):
    side = "right" if o["direction"] > 0 else "left"
    if o["motion"] in ("rolling", "sliding"):
        return f"translating {side}"
    if o["motion"] == "thrown":
        return f"thrown {side}"
    return o["motion"]


def motion_matches(observed, o):
    exp = expected_motion(o)
    if observed == exp:
        return True
    # a drop with a small rebound is still a fall; a bouncer that settles early still fell first
    if o["motion"] == "falling" and observed == "bouncing":
        return False
    return False


def bounce_r2(cy, bottom, min_len=4):
    """Split the height track at floor contacts (local maxima of the bottom edge in image rows) and fit a parabola to
    each arc; returns the R² of each arc."""
    ok = ~np.isnan(cy)
    y = -cy.copy()
    t = np.arange(len(cy))
    t, y = t[ok], y[ok]
    if len(y) < min_len:
        return []
    contacts = [0]
    for i in range(1, len(y) - 1):
        if y[i] <= y[i - 1] and y[i] < y[i + 1]:
            contacts.append(i)
    contacts.append(len(y) - 1)
    r2s = []
    for a, b in zip(contacts[:-1], contacts[1:]):
        ts, ys = t[a:b + 1], y[a:b + 1]
        if len(ys) < min_len or ys.max() - ys.min() < 6:
            continue
        coef = np.polyfit(ts, ys, 2)
        if coef[0] >= 0:                        # gravity pulls down: the arc must open downwards
            r2s.append(0.0)
            continue
        fit = np.polyval(coef, ts)
        ss_res = ((ys - fit) ** 2).sum(); ss_tot = ((ys - ys.mean()) ** 2).sum()
        r2s.append(float(1 - ss_res / ss_tot) if ss_tot > 0 else 0.0)
    return r2s


def hist_intersection(a, b, bins=4):
    ha = np.histogramdd(a.reshape(-1, 3), bins=bins, range=[(0, 256)] * 3)[0].ravel(); ha /= ha.sum()
    hb = np.histogramdd(b.reshape(-1, 3), bins=bins, range=[(0, 256)] * 3)[0].ravel(); hb /= hb.sum()
    return float(np.minimum(ha, hb).sum())


def track_object(frames, cameo_px):
    """The clip's one object: (foreground, (cx, cy, bottom, masks)) as object_track gives them."""
    T, H = frames.shape[:2]
    bg = background_estimate(frames, cameo_px)
    fg = foreground(frames, bg)
    # background structure (hills, sea, floor line, moon): foreground in nearly every frame; the wide parts touch the
    # image's side edges. A moving object is tracked without any persistent pixels; a resting one with only the
    # edge-touching structure removed, preferring blobs in the lower half where the floor is.
    persist = fg.mean(axis=0) >= 0.9
    lab, n = ndimage.label(persist)
    edge_ids = set(np.unique(np.concatenate([lab[:, 0], lab[:, -1]]))) - {0}
    struct = np.isin(lab, list(edge_ids)) if edge_ids else np.zeros_like(persist)
    track = object_track(fg & ~persist[None] & ~cameo_px)
    cx, cy = track[0], track[1]
    moving = (~np.isnan(cx)).sum() >= 0.6 * T and np.nanmax(cx) - np.nanmin(cx) + np.nanmax(cy) - np.nanmin(cy) > 6
    if not moving:
        track = object_track(fg & ~struct[None] & ~cameo_px, min_row=H * 0.4)
    return fg, track


def analyze_case(case, video_dir):
    from PIL import Image
    frames = read_mp4(os.path.join(video_dir, case["file"]))
    T, H, W, _ = frames.shape
    res = {"id": case["id"], "prompt": case["prompt"]}
    cameo_px = np.zeros((T, H, W), bool)
    boxes = None
    if case.get("cameo"):
        boxes = case["cameo"]["boxes"]
        for t in range(T):
            cameo_px[t] = box_mask(boxes[min(t, len(boxes) - 1)], H, W)
    fg, (cx, cy, bottom, masks) = track_object(frames, cameo_px)
    o = case["objects"][0]
    dom, shares = dominant_color(frames, masks)
    res["color"] = {"named": o["color"], "dominant": dom, "shares": shares, "ok": dom == o["color"]}
    kind, stats = classify_motion(cx, cy, W)
    res["motion"] = {"expected": expected_motion(o), "observed": kind, "stats": stats, "ok": kind == expected_motion(o)}
    if o["motion"] == "bouncing":
        r2 = bounce_r2(cy, bottom)
        res["bounce_r2"] = float(np.median(r2)) if r2 else None
        res["bounce_arcs"] = len(r2)
    if o["motion"] in ("bouncing", "falling", "thrown"):
        snd = sound_sync(os.path.join(video_dir, case["file"]), cy, scenes.FPS)
        if snd is not None:
            res["sound"] = snd
    dil = ndimage.binary_dilation(masks, structure=np.ones((1, 5, 5), bool))
    still = ~(dil | cameo_px)
    still_pair = still[1:] & still[:-1]
    diff = np.abs(frames[1:].astype(np.float32) - frames[:-1].astype(np.float32)).mean(-1)
    res["flicker"] = float(diff[still_pair].mean()) if still_pair.any() else None
    if case.get("cameo"):
        # the subject: foreground that is not the tracked object (the cameo may overlap the box edges)
        subj = fg & ~ndimage.binary_dilation(masks, structure=np.ones((1, 3, 3), bool))
        ious = []
        for t in range(T):
            bm = cameo_px[t]
            lab, n = ndimage.label(subj[t])
            # keep the blobs that touch the requested box
            keep = np.zeros_like(bm)
            for k in range(1, n + 1):
                comp = lab == k
                if (comp & bm).sum() > 0.3 * comp.sum():
                    keep |= comp
            union = (keep | bm).sum()
            ious.append(float((keep & bm).sum() / union) if union else 0.0)
        res["cameo_iou"] = float(np.median(ious))
        ref = np.asarray(Image.open(case["cameo"]["reference"]).convert("RGB").resize((32, 32), Image.BILINEAR))
        # the reference's subject pixels (the neutral grey backdrop left out); other cases' references as a baseline
        ref_px = ref.reshape(-1, 3)[np.abs(ref.reshape(-1, 3).astype(int) - 128).sum(1) > 12]
        other_refs = []
        for o in case.get("other_references", []):
            a = np.asarray(Image.open(o).convert("RGB").resize((32, 32), Image.BILINEAR)).reshape(-1, 3)
            other_refs.append(a[np.abs(a.astype(int) - 128).sum(1) > 12])
        sims, others = [], []
        for t in range(0, T, 3):
            x, y, w, h = boxes[min(t, len(boxes) - 1)]
            x0, y0 = int(max(x, 0) * W), int(max(y, 0) * H)
            x1, y1 = int(min(x + w, 1) * W), int(min(y + h, 1) * H)
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            sub = subj[t, y0:y1, x0:x1]
            if sub.sum() < 16:
                sims.append(0.0); others.append(0.0)
                continue
            crop = frames[t, y0:y1, x0:x1][sub]
            sims.append(hist_intersection(crop, ref_px))
            others.append(float(np.mean([hist_intersection(crop, o) for o in other_refs])) if other_refs else 0.0)
        res["cameo_appearance"] = float(np.mean(sims)) if sims else None
        res["cameo_appearance_other_refs"] = float(np.mean(others)) if others else None
    return res


def summarize(results):
    def pct(xs):
        xs = [x for x in xs if x is not None]
        return (100.0 * sum(xs) / len(xs), len(xs)) if xs else (None, 0)
    def med(xs):
        xs = [x for x in xs if x is not None]
        return (float(np.median(xs)), len(xs)) if xs else (None, 0)
    return {
        "color_adherence_pct": pct([r["color"]["ok"] for r in results]),
        "motion_adherence_pct": pct([r["motion"]["ok"] for r in results]),
        "median_bounce_r2": med([r.get("bounce_r2") for r in results if "bounce_r2" in r]),
        "mean_flicker": (float(np.mean([r["flicker"] for r in results if r["flicker"] is not None])), len(results)),
        "median_cameo_iou": med([r.get("cameo_iou") for r in results if "cameo_iou" in r]),
        "mean_cameo_appearance": med([r.get("cameo_appearance") for r in results if "cameo_appearance" in r]),
        "mean_cameo_appearance_other_refs": med([r.get("cameo_appearance_other_refs") for r in results
                                                 if "cameo_appearance_other_refs" in r]),
        # sound: every visible contact of a dropping/bouncing/thrown object, offset to the nearest audio onset
        "median_abs_sound_offset_frames": med([abs(x) if x is not None else None for r in results if "sound" in r
                                               for x in r["sound"]["offsets_frames"]]),
        "contacts_with_onset_within_1_frame_pct": pct([x is not None and abs(x) <= 1.0 for r in results
                                                      if "sound" in r for x in r["sound"]["offsets_frames"]]),
        "onsets_away_from_contacts": (sum(r["sound"].get("onsets_away_from_contacts", 0) for r in results
                                          if "sound" in r), sum(1 for r in results if "sound" in r)),
    }


def table(summary, label):
    def f(v, fmt):
        return "n/a" if v[0] is None else (fmt % v[0]) + f" (n={v[1]})"
    return (f"| {label} | {f(summary['color_adherence_pct'], '%.0f %%')} | {f(summary['motion_adherence_pct'], '%.0f %%')} "
            f"| {f(summary['median_bounce_r2'], '%.2f')} | {f(summary['mean_flicker'], '%.1f')} "
            f"| {f(summary['median_cameo_iou'], '%.2f')} | {f(summary['mean_cameo_appearance'], '%.2f')} "
            f"({f(summary['mean_cameo_appearance_other_refs'], '%.2f')}) |")


def sound_line(summary, label):
    m, n = summary.get("median_abs_sound_offset_frames", (None, 0))
    p, _ = summary.get("contacts_with_onset_within_1_frame_pct", (None, 0))
    if m is None:
        return f"{label}: no sound to measure"
    away, clips = summary.get("onsets_away_from_contacts", (0, 0))
    return (f"{label}: median |audio onset - visible contact| {m:.2f} frames over {n} contacts; "
            f"{p:.0f} % of contacts have an onset within 1 frame; {away} onsets more than a frame from every "
            f"visible contact in {clips} clips")


TABLE_HEADER = ("| clips | color adherence | motion adherence | median bounce R² | flicker (0-255) | median cameo IoU "
                "| cameo appearance (vs other refs) |\n|---|---|---|---|---|---|---|")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", required=True)
    ap.add_argument("--videos", required=True)
    ap.add_argument("--out", default=None)
    ap.add_argument("--label", default="generated")
    args = ap.parse_args()
    cases = json.load(open(args.prompts))
    results = []
    for c in cases:
        r = analyze_case(c, args.videos)
        results.append(r)
        print(json.dumps({k: r[k] for k in r if k not in ("prompt",)})[:300], flush=True)
    s = summarize(results)
    print(TABLE_HEADER)
    print(table(s, args.label))
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"summary": s, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
