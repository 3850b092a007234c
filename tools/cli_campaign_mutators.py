# SPDX-License-Identifier: Apache-2.0
"""Mutators for tools/cli_mutation_campaign.py (python3 standard library only).

Every mutator takes a random.Random and the bytes of a valid input and returns mutated bytes
plus a short description. JSON mutations work on the parsed document (edge values, removed,
duplicated and renamed keys, resized arrays) and on its text (100,000-level nesting, 50,000
character identifiers). Trace mutations re-frame the file with correct CRCs so the damage gets
past the checksums (framing: workloads/trace/trace.hpp). ONNX mutations walk the protobuf wire
format (ModelProto.graph.node.attribute, initializer dims, graph input dims). NPZ mutations
rewrite the .npy headers inside the zip.
"""
import copy
import json
import struct
import zipfile
import zlib

INT_EDGES = [0, -1, 1, 2**31, 2**31 - 1, -2**31, 2**32, 2**63, 2**63 - 1, -2**63, 2**64,
             2**30, 10**12]
JSON_EDGES = INT_EDGES + [1e300, -1e300, -1e-300, 1e-300, 0.5, -0.5, "", "x" * 50000, True,
                          False, None, [], {}, [0] * 1000, "0Hz", "1e-300Hz", "-1GHz",
                          "\u0000", "1e400", "NaN"]
DEEP = 100000
LONG = 50000


class Raw:
    """Text inserted verbatim by dump() (deep nesting, NaN, duplicate keys)."""

    def __init__(self, text):
        self.text = text


class Obj(list):
    """A JSON object as an ordered list of (key, value) pairs, so keys may repeat."""


def load(text):
    return json.loads(text, object_pairs_hook=Obj)


def dump(v):
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, Obj):
        return "{" + ",".join(json.dumps(k) + ":" + dump(x) for k, x in v) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dump(x) for x in v) + "]"
    if isinstance(v, float) and v != v:
        return "NaN"
    return json.dumps(v)


def paths(v, prefix=()):
    """Every (path, node) in the document, the root included."""
    out = [(prefix, v)]
    if isinstance(v, Obj):
        for i, (_, x) in enumerate(v):
            out += paths(x, prefix + (i,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out += paths(x, prefix + (i,))
    return out


def node_at(doc, path):
    for i in path:
        doc = doc[i][1] if isinstance(doc, Obj) else doc[i]
    return doc


def replace(doc, path, new):
    if not path:
        return new
    parent = node_at(doc, path[:-1])
    i = path[-1]
    if isinstance(parent, Obj):
        parent[i] = (parent[i][0], new)
    else:
        parent[i] = new
    return doc


def describe_path(doc, path):
    parts, cur = [], doc
    for i in path:
        if isinstance(cur, Obj):
            parts.append(str(cur[i][0])[:40])
            cur = cur[i][1]
        else:
            parts.append(str(i))
            cur = cur[i]
    return "/" + "/".join(parts)


def mutate_json_doc(rng, doc):
    """One structural mutation of a parsed document; returns (doc, description)."""
    cands = paths(doc)
    path, node = rng.choice(cands)
    where = describe_path(doc, path)
    op = rng.choice(["edge", "edge", "edge", "edge", "remove", "dup", "resize", "deep",
                     "longkey", "longval", "rename"])
    if not path and op not in ("deep", "longval") and not isinstance(node, list):
        op = "edge"
    if op == "edge" or (op in ("remove", "dup", "longkey", "rename") and not path):
        val = copy.deepcopy(rng.choice(JSON_EDGES))  # later mutations may edit it in place
        if val == "NaN":
            val = Raw("NaN")
        return replace(doc, path, val), "%s = %s" % (where, short(val))
    if op == "deep":
        open_, close = rng.choice([("[", "]"), ('{"a":', "}")])
        return replace(doc, path, Raw(open_ * DEEP + "1" + close * DEEP)), where + " nested %d" % DEEP
    if op == "longval":
        return replace(doc, path, "n" * LONG), where + " = %d-char string" % LONG
    if op == "resize" and isinstance(node, list) or (op == "resize" and not path):
        how = rng.choice(["empty", "drop", "grow", "huge"])
        if how == "empty":
            node[:] = [] if not isinstance(node, Obj) else Obj()
        elif how == "drop" and node:
            del node[rng.randrange(len(node))]
        elif node:
            node.extend([node[-1]] * (1 if how == "grow" else 2000))
        return doc, where + " resized (%s)" % how
    parent = node_at(doc, path[:-1])
    i = path[-1]
    if not isinstance(parent, Obj):
        if op == "remove":
            del parent[i]
            return doc, where + " removed"
        return replace(doc, path, rng.choice(INT_EDGES)), where + " = edge int"
    key, val = parent[i]
    if op == "remove":
        del parent[i]
        return doc, where + " removed"
    if op == "dup":
        parent.insert(i + 1, (key, copy.deepcopy(rng.choice(JSON_EDGES[:20]))))
        return doc, where + " duplicated"
    if op == "longkey":
        parent[i] = ("k" * LONG, val)
        return doc, where + " key renamed to %d chars" % LONG
    parent[i] = (key + rng.choice(["_", "X", " ", ""]) + "x", val)
    return doc, where + " key renamed"


def short(v):
    s = v.text[:20] if isinstance(v, Raw) else dump(v)
    return s if len(s) <= 30 else s[:20] + "...(%d chars)" % len(s)


def mutate_json(rng, data):
    try:
        doc = load(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return mutate_bytes(rng, data)
    descs = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        doc, d = mutate_json_doc(rng, doc)
        descs.append(d)
    return dump(doc).encode("utf-8"), "json: " + "; ".join(descs)


# ---------------------------------------------------------------- raw bytes

def mutate_bytes(rng, data):
    data = bytearray(data)
    op = rng.choice(["flip", "flip", "truncate", "extend", "word"])
    if op == "flip" or not data:
        n = rng.choice([1, 1, 2, 4, 16])
        for _ in range(n):
            if data:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return bytes(data), "bytes: %d bit flips" % n
    if op == "truncate":
        at = rng.randrange(len(data))
        return bytes(data[:at]), "bytes: truncated at %d" % at
    if op == "extend":
        n = rng.choice([1, 7, 4096])
        return bytes(data) + bytes(rng.randrange(256) for _ in range(n)), "bytes: +%d bytes" % n
    at = rng.randrange(max(1, len(data) - 8))
    word = rng.choice([b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80",
                       b"\x00\x00\x00\x00", b"\xff" * 8])
    data[at:at + len(word)] = word
    return bytes(data), "bytes: word %s at %d" % (word.hex(), at)


# ---------------------------------------------------------------- traces

def parse_trace(data):
    """(version, header_json, [ [name, header_json, [[blob_name, bytes], ...]] ])"""
    pos = 8
    version, hlen = struct.unpack_from("<II", data, pos)
    pos += 8
    header = data[pos:pos + hlen]
    pos += hlen + 4
    (count,) = struct.unpack_from("<I", data, pos)
    pos += 4
    layers = []
    for _ in range(count):
        pos += 4
        (n,) = struct.unpack_from("<I", data, pos)
        name = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        (n,) = struct.unpack_from("<I", data, pos)
        lh = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        (nb,) = struct.unpack_from("<I", data, pos)
        pos += 4
        blobs = []
        for _ in range(nb):
            (n,) = struct.unpack_from("<I", data, pos)
            bname = data[pos + 4:pos + 4 + n]
            pos += 4 + n
            (size,) = struct.unpack_from("<Q", data, pos)
            blobs.append([bname, data[pos + 8:pos + 8 + size], size])
            pos += 8 + size
        pos += 4
        layers.append([name, lh, blobs])
    return version, header, layers


def frame_trace(version, header, layers):
    out = bytearray(b"AXSTRACE")
    out += struct.pack("<II", version, len(header)) + header
    out += struct.pack("<II", zlib.crc32(header), len(layers))
    for name, lh, blobs in layers:
        sec = bytearray(struct.pack("<I", len(name)) + name + struct.pack("<I", len(lh)) + lh)
        sec += struct.pack("<I", len(blobs))
        for bname, bdata, size in blobs:
            sec += struct.pack("<I", len(bname)) + bname + struct.pack("<Q", size) + bdata
        out += b"AXLY" + sec + struct.pack("<I", zlib.crc32(bytes(sec)))
    return bytes(out)


def mutate_trace(rng, data):
    if rng.random() < 0.15:
        return mutate_bytes(rng, data)
    version, header, layers = parse_trace(data)
    op = rng.choice(["layer_json"] * 5 + ["file_json", "blob", "blob", "blob_size", "layers"])
    li = rng.randrange(len(layers)) if layers else 0
    if op == "file_json" or not layers:
        header, d = mutate_json(rng, header)
        return frame_trace(version, header, layers), "trace file header " + d
    layer = layers[li]
    where = "trace layer %d (%s) " % (li, layer[0].decode(errors="replace"))
    if op == "layer_json":
        layer[1], d = mutate_json(rng, layer[1])
        return frame_trace(version, header, layers), where + d
    if op in ("blob", "blob_size") and layer[2]:
        blob = rng.choice(layer[2])
        if op == "blob":
            blob[1], d = mutate_bytes(rng, blob[1])
            blob[2] = len(blob[1])
        else:
            blob[2] = rng.choice([2**32, 2**63, 2**64 - 1, blob[2] + 1])
            d = "size field %d" % blob[2]
        return frame_trace(version, header, layers), where + "blob %s %s" % (blob[0].decode(), d)
    how = rng.choice(["drop", "dup", "swap_blobs", "drop_blob"])
    if how == "drop":
        del layers[li]
    elif how == "dup":
        layers.insert(li, [layer[0], layer[1], [list(b) for b in layer[2]]])
    elif how == "swap_blobs" and len(layers) > 1:
        other = layers[(li + 1) % len(layers)]
        layer[2], other[2] = other[2], layer[2]
    elif layer[2]:
        del layer[2][rng.randrange(len(layer[2]))]
    return frame_trace(version, header, layers), where + "layers " + how
