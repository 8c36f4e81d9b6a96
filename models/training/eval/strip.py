"""A strip of frames from an evaluation run, for the model card: one row per case, every 2nd frame, the requested cameo
box outlined in magenta where the case has one. Reads the MP4s that run_eval.py wrote; writes a PNG with ffmpeg.

  /usr/bin/python3 models/training/eval/strip.py --run /tmp/ev-cli --cases h00,h02,h08,h13,h17,h22,c00,c03 \
      --out models/scenecast-tiny/samples.png
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analyze  # noqa: E402


def outline(frame, box, color=(255, 0, 255)):
    H, W = frame.shape[:2]
    x, y, w, h = box
    x0, x1 = int(round(max(x, 0) * W)), int(round(min(x + w, 1) * W)) - 1
    y0, y1 = int(round(max(y, 0) * H)), int(round(min(y + h, 1) * H)) - 1
    if x1 <= x0 or y1 <= y0:
        return
    frame[y0, x0:x1 + 1] = color; frame[y1, x0:x1 + 1] = color
    frame[y0:y1 + 1, x0] = color; frame[y0:y1 + 1, x1] = color


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True, help="run_eval.py --out folder (its MP4s and prompts.json)")
    ap.add_argument("--cases", default="h00,h02,h08,h13,h17,h22,c00,c03")
    ap.add_argument("--every", type=int, default=2)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    cases = {c["id"]: c for c in json.load(open(os.path.join(args.run, "prompts.json")))}
    rows = []
    for cid in args.cases.split(","):
        frames = analyze.read_mp4(os.path.join(args.run, f"{cid}.mp4")).copy()
        boxes = (cases[cid].get("cameo") or {}).get("boxes")
        picked = []
        for t in range(0, len(frames), args.every):
            f = frames[t].copy()
            if boxes:
                outline(f, boxes[min(t, len(boxes) - 1)])
            picked.append(np.pad(f, ((1, 1), (1, 1), (0, 0))))
        rows.append(np.concatenate(picked, axis=1))
    width = max(r.shape[1] for r in rows)
    image = np.concatenate([np.pad(r, ((0, 0), (0, width - r.shape[1]), (0, 0))) for r in rows], axis=0)
    H, W = image.shape[:2]
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-i", "-",
                    "-frames:v", "1", "-pred", "mixed", args.out], input=np.ascontiguousarray(image, np.uint8).tobytes(), check=True)
    print(f"{args.out}: {len(rows)} cases, {W}×{H}")


if __name__ == "__main__":
    main()
