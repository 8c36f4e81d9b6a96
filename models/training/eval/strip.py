"""A PNG strip of frames (every 2nd frame) for some cases of an evaluation folder, requested cameo boxes outlined.

  /usr/bin/python3 models/training/eval/strip.py --run /tmp/ev-cli --ids h00,h17,h21,c00 --out strip.png
"""
import argparse
import json
import os
import sys

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analyze  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True, help="folder with prompts.json and the MP4s")
    ap.add_argument("--ids", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--every", type=int, default=2)
    args = ap.parse_args()
    cases = {c["id"]: c for c in json.load(open(os.path.join(args.run, "prompts.json")))}
    rows = []
    for cid in args.ids.split(","):
        c = cases[cid]
        frames = analyze.read_mp4(os.path.join(args.run, c["file"]))
        tiles = []
        for t in range(0, len(frames), args.every):
            im = Image.fromarray(frames[t])
            if c.get("cameo"):
                x, y, w, h = c["cameo"]["boxes"][min(t, len(c["cameo"]["boxes"]) - 1)]
                W, H = im.size
                ImageDraw.Draw(im).rectangle([x * W, y * H, (x + w) * W - 1, (y + h) * H - 1], outline=(255, 0, 255))
            tiles.append(np.asarray(im))
        row = np.concatenate(tiles, axis=1)
        label = Image.new("RGB", (row.shape[1], 14), (20, 20, 20))
        text = c["prompt"] + ("  [cameo: reference " + os.path.basename(c["cameo"]["reference"]) + ", box outlined]"
                              if c.get("cameo") else "")
        ImageDraw.Draw(label).text((3, 1), text, fill=(235, 235, 235))
        rows += [np.asarray(label), row]
    Image.fromarray(np.concatenate(rows, axis=0)).save(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
