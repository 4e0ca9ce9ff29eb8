"""What a browser made of an exported page, for HTMLExportTests: read with the standard library only.

  page_check.py dom FILE            the DOM Chromium dumped: its elements, attributes and text, as JSON
  page_check.py pixels PNG RRGGBB…  a screenshot: for each colour, how many pixels have it (within 8 per
                                    channel) and the box they lie in, as JSON
"""
import json
import struct
import sys
import zlib
from html.parser import HTMLParser


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": {name: (value or "") for name, value in attrs}})

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def dom(path):
    parser = Elements()
    with open(path, encoding="utf-8") as file:
        parser.feed(file.read())
    print(json.dumps({"elements": parser.elements, "text": "".join(parser.text)}))


def png_rows(path):
    """The image's rows of (r, g, b) tuples: 8-bit RGB or RGBA, not interlaced, as Chromium writes."""
    with open(path, "rb") as file:
        data = file.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("not a PNG")
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise SystemExit(f"unsupported PNG: depth {depth} colour {colour} interlace {interlace}")
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    channels = 4 if colour == 6 else 3
    stride = width * channels
    raw = zlib.decompress(idat)
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[x] = (line[x] + predictor) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return rows


def pixels(path, colours):
    wanted = [tuple(int(c[i:i + 2], 16) for i in (0, 2, 4)) for c in colours]
    found = {c: {"count": 0, "box": None} for c in colours}
    for y, row in enumerate(png_rows(path)):
        for x, pixel in enumerate(row):
            for name, colour in zip(colours, wanted):
                if all(abs(pixel[i] - colour[i]) <= 8 for i in range(3)):
                    entry = found[name]
                    entry["count"] += 1
                    box = entry["box"]
                    entry["box"] = [x, y, x, y] if box is None else [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
    print(json.dumps(found))


if __name__ == "__main__":
    if sys.argv[1] == "dom":
        dom(sys.argv[2])
    else:
        pixels(sys.argv[2], sys.argv[3:])
