#!/usr/bin/env python3
"""Writes the pytorch_model.bin fixtures of TorchCheckpointTest without PyTorch.

The files copy what torch.save (PyTorch >= 1.6) writes: a zip archive whose entries are all STORED,
<folder>/data.pkl holding a protocol-2 pickle of the state_dict, <folder>/data/<key> holding each
storage's raw little-endian bytes, <folder>/byteorder and <folder>/version. Like torch, every local
header is padded with an extra field so that entry data starts on a 64-byte boundary.

The pickle comes from Python's own pickler. Stub functions and classes registered as the modules
`torch` and `torch._utils` make it emit exactly the GLOBAL opcodes torch.save emits
("torch._utils _rebuild_tensor_v2", "torch FloatStorage", ...), and persistent_id returns the same
('storage', storage_type, key, 'cpu', numel) tuples.

Run from this folder: python3 make_fixtures.py
"""
import collections
import io
import os
import pickle
import struct
import sys
import types
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
torch._utils = torch_utils
sys.modules["torch"] = torch
sys.modules["torch._utils"] = torch_utils


def _stub_function(module, name):
    def f(*args):
        raise AssertionError("fixtures are never unpickled by Python")
    f.__module__ = module.__name__
    f.__name__ = f.__qualname__ = name
    setattr(module, name, f)
    return f


def _stub_class(module, name):
    cls = type(name, (), {"__module__": module.__name__})
    setattr(module, name, cls)
    return cls


rebuild_tensor_v2 = _stub_function(torch_utils, "_rebuild_tensor_v2")
rebuild_parameter = _stub_function(torch_utils, "_rebuild_parameter")
FloatStorage = _stub_class(torch, "FloatStorage")
HalfStorage = _stub_class(torch, "HalfStorage")
BFloat16Storage = _stub_class(torch, "BFloat16Storage")
LongStorage = _stub_class(torch, "LongStorage")


class Storage:
    """One storage: a key naming its data entry, its type, and its bytes."""

    def __init__(self, key, storage_type, fmt, values):
        self.key = key
        self.storage_type = storage_type
        self.numel = len(values)
        self.data = b"".join(pack(fmt, v) for v in values)


def pack(fmt, value):
    if fmt == "bf16":  # float32 with the low 16 bits dropped; the values used are exact in bfloat16
        bits = struct.unpack("<I", struct.pack("<f", value))[0]
        assert bits & 0xFFFF == 0, value
        return struct.pack("<H", bits >> 16)
    return struct.pack("<" + fmt, value)


class Tensor:
    """Pickles as torch.Tensor does: _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)."""

    def __init__(self, storage, size, stride=None, offset=0):
        if stride is None:
            stride, step = [], 1
            for d in reversed(size):
                stride.insert(0, step)
                step *= d
        self.args = (storage, offset, tuple(size), tuple(stride), False, collections.OrderedDict())

    def __reduce_ex__(self, protocol):
        return rebuild_tensor_v2, self.args


class Parameter:
    """Pickles as torch.nn.Parameter does: _rebuild_parameter(data, requires_grad, hooks)."""

    def __init__(self, tensor):
        self.tensor = tensor

    def __reduce_ex__(self, protocol):
        return rebuild_parameter, (self.tensor, True, collections.OrderedDict())


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", obj.storage_type, obj.key, "cpu", obj.numel)
        return None


def torch_pickle(obj, protocol=2):
    buf = io.BytesIO()
    TorchPickler(buf, protocol=protocol).dump(obj)
    return buf.getvalue()


def write_zip(name, pickle_bytes, storages, folder="archive", byteorder="little", storage_compression=zipfile.ZIP_STORED):
    records = [("data.pkl", pickle_bytes, zipfile.ZIP_STORED)]
    if byteorder is not None:
        records.append(("byteorder", byteorder.encode(), zipfile.ZIP_STORED))
    for s in sorted(storages, key=lambda s: s.key):
        records.append(("data/" + s.key, s.data, storage_compression))
    records.append(("version", b"3\n", zipfile.ZIP_STORED))
    with open(os.path.join(HERE, name), "wb") as f, zipfile.ZipFile(f, "w") as zf:
        for record, data, compression in records:
            info = zipfile.ZipInfo(folder + "/" + record, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            header_end = f.tell() + 30 + len(info.filename) + 4
            pad = -header_end % 64
            info.extra = struct.pack("<HH", 0x4246, pad) + b"Z" * pad  # torch's "FB" alignment field
            zf.writestr(info, data)


def state_dict():
    weight = Storage("0", FloatStorage, "f", [0.1, -1.5, 2.0, 3.25, -0.0, 0.001])
    bias = Storage("1", HalfStorage, "e", [0.5, -1.25, 65504.0])
    norm = Storage("2", BFloat16Storage, "bf16", [1.0, -2.5, 0.15625, 256.0])
    positions = Storage("3", LongStorage, "q", [0, 1, 2, -3, 1 << 40])
    embedding = Storage("4", FloatStorage, "f", [0.25 * i for i in range(1, 9)])
    offset = Storage("5", FloatStorage, "f", [1.5 * i for i in range(10)])
    scale = Storage("6", FloatStorage, "f", [0.125])
    sd = collections.OrderedDict()
    sd["layer.weight"] = Tensor(weight, [2, 3])
    sd["layer.bias"] = Tensor(bias, [3])
    sd["norm.weight"] = Tensor(norm, [4])
    sd["position_ids"] = Tensor(positions, [1, 5])
    sd["embed_tokens.weight"] = Tensor(embedding, [2, 4])
    sd["lm_head.weight"] = Tensor(embedding, [2, 4])
    sd["offset.weight"] = Tensor(offset, [2, 2], offset=6)
    sd["scale"] = Tensor(scale, [])
    sd._metadata = collections.OrderedDict([("", {"version": 1}), ("layer", {"version": 1})])
    return sd, [weight, bias, norm, positions, embedding, offset, scale]


def main():
    sd, storages = state_dict()
    write_zip("state_dict.bin", torch_pickle(sd), storages)
    with open(os.path.join(HERE, "state_dict.bin"), "rb") as f:
        whole = f.read()
    with open(os.path.join(HERE, "truncated.bin"), "wb") as f:
        f.write(whole[: len(whole) // 2])

    # A training checkpoint: the weights under "state_dict" beside plain Python values, in a differently
    # named folder, without the byteorder entry that torch.save only writes since 2.1.
    w = Storage("0", FloatStorage, "f", [7.0, -7.0])
    wrapped = {"epoch": 3, "step": 1 << 40, "seed": 1 << 70, "lr": 0.5, "optimizer": "adam", "done": True,
               "note": None, "state_dict": {"head.weight": Parameter(Tensor(w, [2]))}}
    write_zip("wrapped.bin", torch_pickle(wrapped), [w], folder="pytorch_model", byteorder=None)

    # GLOBAL os system, then REDUCE: what a malicious .bin runs on torch.load(weights_only=False).
    evil = b"\x80\x02cos\nsystem\nq\x00X\x0a\x00\x00\x00echo pwnedq\x01\x85q\x02Rq\x03."
    write_zip("os_system.bin", evil, [])

    # INST (protocol 0) also imports and calls; it is not an opcode torch.save emits.
    write_zip("unknown_opcode.bin", b"\x80\x02(ibuiltins\nobject\n.", [])

    s = Storage("0", FloatStorage, "f", [1, 2, 3, 4, 5, 6])
    write_zip("non_contiguous.bin", torch_pickle({"w": Tensor(s, [2, 3], stride=[1, 2])}), [s])

    s = Storage("0", FloatStorage, "f", [1, 2, 3])
    write_zip("storage_too_small.bin", torch_pickle({"w": Tensor(s, [4])}), [s])

    s = Storage("0", FloatStorage, "f", [1, 2, 3])
    missing = Storage("1", FloatStorage, "f", [1, 2, 3])
    write_zip("missing_storage.bin", torch_pickle({"w": Tensor(s, [3]), "v": Tensor(missing, [3])}), [s])

    s = Storage("0", FloatStorage, "f", [0.0] * 16)
    write_zip("deflated.bin", torch_pickle({"w": Tensor(s, [16])}), [s], storage_compression=zipfile.ZIP_DEFLATED)

    s = Storage("0", FloatStorage, "f", [1, 2])
    write_zip("big_endian.bin", torch_pickle({"w": Tensor(s, [2])}), [s], byteorder="big")

    s = Storage("0", FloatStorage, "f", [1, 2])
    write_zip("non_tensor_value.bin", torch_pickle({"w": Tensor(s, [2]), "note": "hello"}), [s])

    # torch.save(..., pickle_protocol=4): FRAME, MEMOIZE, SHORT_BINUNICODE and STACK_GLOBAL.
    s = Storage("0", HalfStorage, "e", [1.5, -2.0, 0.25])
    write_zip("protocol4.bin", torch_pickle({"w": Tensor(s, [3])}, protocol=4), [s])

    write_zip("list_top.bin", torch_pickle([1, 2]), [])

    with open(os.path.join(HERE, "no_pickle.bin"), "wb") as f, zipfile.ZipFile(f, "w") as zf:
        zf.writestr(zipfile.ZipInfo("archive/version", date_time=(1980, 1, 1, 0, 0, 0)), b"3\n")


if __name__ == "__main__":
    main()
