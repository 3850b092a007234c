# SPDX-License-Identifier: Apache-2.0
"""ONNX (protobuf wire format) and .npz mutators for tools/cli_mutation_campaign.py."""
import io
import struct
import zipfile

from cli_campaign_mutators import mutate_bytes

ONNX_EDGES = [0, -1, 2**30, 2**31, 2**62, -2**63, 2**63 - 1, 1000000]
CONV_ATTRS = {b"strides", b"pads", b"group", b"kernel_shape", b"dilations", b"axis", b"perm",
              b"output_padding", b"axes", b"keepdims", b"hidden_size"}


def varint(data, pos):
    v, shift = 0, 0
    while True:
        b = data[pos]
        v |= (b & 0x7F) << shift
        pos += 1
        shift += 7
        if not b & 0x80:
            return v, pos


def enc_varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def parse(data):
    """A protobuf message as a list of [field, wiretype, value] (value: int or bytes)."""
    out, pos = [], 0
    while pos < len(data):
        key, pos = varint(data, pos)
        field, wt = key >> 3, key & 7
        if wt == 0:
            v, pos = varint(data, pos)
        elif wt == 1:
            v, pos = data[pos:pos + 8], pos + 8
        elif wt == 5:
            v, pos = data[pos:pos + 4], pos + 4
        elif wt == 2:
            n, pos = varint(data, pos)
            v, pos = data[pos:pos + n], pos + n
        else:
            raise ValueError("wire type %d" % wt)
        out.append([field, wt, v])
    return out


def encode(fields):
    out = bytearray()
    for field, wt, v in fields:
        out += enc_varint(field << 3 | wt)
        if wt == 0:
            out += enc_varint(v)
        elif wt == 2:
            out += enc_varint(len(v)) + v
        else:
            out += v
    return bytes(out)


def sub(fields, number):
    return [f for f in fields if f[0] == number and f[1] == 2]


def mutate_attribute(rng, graph):
    """Sets an int attribute (strides, pads, group, ...) of some node to an edge value."""
    sites = []
    for node in sub(graph, 1):
        nf = parse(node[2])
        op = b"".join(f[2] for f in nf if f[0] == 4)
        for attr in sub(nf, 5):
            af = parse(attr[2])
            name = b"".join(f[2] for f in af if f[0] == 1)
            if name in CONV_ATTRS:
                sites.append((node, nf, attr, af, op, name))
    if not sites:
        return None
    node, nf, attr, af, op, name = rng.choice(sites)
    val = rng.choice(ONNX_EDGES)
    ints = [f for f in af if f[0] == 8]
    if ints:
        count = sum(len(parse_packed(f[2])) if f[1] == 2 else 1 for f in ints)
        every = rng.random() < 0.5
        base = [rng.choice([1, 2]) for _ in range(count)]
        vals = [val] * count if every else base[:-1] + [val]
        af = [f for f in af if f[0] != 8] + [[8, 0, v] for v in vals]
    else:
        af = [f for f in af if f[0] != 3] + [[3, 0, val]]
    attr[2] = encode(af)
    node[2] = encode(nf)
    return "onnx: %s.%s = %d" % (op.decode(), name.decode(), val)


def parse_packed(data):
    out, pos = [], 0
    while pos < len(data):
        v, pos = varint(data, pos)
        out.append(v)
    return out


def mutate_dims(rng, graph):
    """A huge, zero or negative dim in an initializer or a graph input's shape."""
    val = rng.choice([0, -1, 2**31, 2**40, 2**62, 2**63 - 1])
    if rng.random() < 0.5:
        inits = sub(graph, 5)
        if not inits:
            return None
        init = rng.choice(inits)
        tf = parse(init[2])
        dims = [f for f in tf if f[0] == 1]
        if not dims:
            return None
        d = rng.choice(dims)
        if d[1] == 2:
            packed = parse_packed(d[2])
            packed[rng.randrange(len(packed))] = val
            d[2] = b"".join(enc_varint(x) for x in packed)
        else:
            d[2] = val
        init[2] = encode(tf)
        return "onnx: initializer dim = %d" % val
    inputs = sub(graph, 11)
    if not inputs:
        return None
    vi = rng.choice(inputs)
    vf = parse(vi[2])
    for t in sub(vf, 2):
        tp = parse(t[2])
        for tt in sub(tp, 1):
            ttf = parse(tt[2])
            for shape in sub(ttf, 2):
                sf = parse(shape[2])
                dims = sub(sf, 1)
                if not dims:
                    continue
                dim = rng.choice(dims)
                dim[2] = encode([[1, 0, val]])
                shape[2] = encode(sf)
            tt[2] = encode(ttf)
        t[2] = encode(tp)
    vi[2] = encode(vf)
    return "onnx: graph input dim = %d" % val


def mutate_onnx(rng, data):
    if rng.random() < 0.2:
        return mutate_bytes(rng, data)
    model = parse(data)
    graphs = sub(model, 7)
    if not graphs:
        return mutate_bytes(rng, data)
    gf = parse(graphs[0][2])
    desc = (mutate_attribute if rng.random() < 0.6 else mutate_dims)(rng, gf)
    if desc is None:
        return mutate_bytes(rng, data)
    graphs[0][2] = encode(gf)
    return encode(model), desc


# ---------------------------------------------------------------- npz

def npy(header_text, payload, version=1):
    h = header_text.encode("latin1")
    pad = 64 - (10 + len(h) + 1) % 64
    h = h + b" " * (pad % 64) + b"\n"
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<H", len(h)) + h + payload


def seed_npz():
    """A small archive: fc1 [8][16], conv1 [4][3][3][3], a bias skipped, all <f4."""
    arrays = {"conv1": (4, 3, 3, 3), "fc1": (8, 16), "fc1_bias": (8,)}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, shape in arrays.items():
            n = 1
            for s in shape:
                n *= s
            payload = struct.pack("<%df" % n, *[((i * 37) % 17 - 8) / 10 for i in range(n)])
            hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % (shape,)
            z.writestr(name + ".npy", npy(hdr, payload))
    return buf.getvalue()


def mutate_npz(rng, data):
    if rng.random() < 0.25:
        return mutate_bytes(rng, data)
    zin = zipfile.ZipFile(io.BytesIO(data))
    entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    k = rng.randrange(len(entries))
    name, body = entries[k]
    hlen = struct.unpack_from("<H", body, 8)[0]
    payload = body[10 + hlen:]
    op = rng.choice(["shape", "shape", "descr", "fortran", "payload", "hlen", "garbage"])
    shape = rng.choice(["(0,)", "(-1, 4)", "(2147483648, 2147483648)", "(4294967296,)",
                        "(8, 16, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,"
                        " 1, 1, 1, 1, 1, 1, 1, 1, 1)", "(99999999999999999999999,)", "()",
                        "(3037000500, 3037000500)", "(1, 0, 3, 3)", "(8, 16)"])
    descr = rng.choice(["'<f4'", "'>f4'", "'<f2'", "'|O'", "'<c8'", "''", "'<f" + "4" * 50 + "'",
                        "'<i8'", "'|u1'", "'<U5'"])
    fortran = "False"
    desc = "npz %s: " % name
    if op == "shape":
        desc += "shape " + shape[:40]
    elif op == "descr":
        desc += "descr " + descr[:20]
        shape = None
    elif op == "fortran":
        fortran, shape, descr = "True", None, None
        desc += "fortran_order True"
    if op in ("shape", "descr", "fortran"):
        old = body[10:10 + hlen].decode("latin1")
        s = old[old.index("'shape':") + 8:old.rindex(")") + 1].strip() if shape is None else shape
        d = old.split("'descr':")[1].split(",")[0].strip() if descr is None else descr
        body = npy("{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (d, fortran, s), payload)
    elif op == "payload":
        payload, d = mutate_bytes(rng, payload)
        body = body[:10 + hlen] + payload
        desc += "data " + d
    elif op == "hlen":
        body = body[:8] + struct.pack("<H", rng.choice([0, 1, 65535, len(body)])) + body[10:]
        desc += "header length field"
    else:
        body = npy(rng.choice(["{", "{'descr': '<f4'}", "x" * 60000, "{'shape': (1,), " * 500]),
                   payload)
        desc += "garbage header"
    entries[k] = (name, body)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])) as z:
        for n, b in entries:
            z.writestr(n, b)
    return buf.getvalue(), desc
