# Propagation Semgrep misses (precise_propagation); see precise-propagation.yaml.
import configparser
import io
from io import StringIO

from flask import request


def slice_of_a_tainted_string():
    param = request.args.get("p")
    bar = param[4:-17]
    # ok: precise-propagation
    eval(bar)  # precise-ruleid: precise-propagation
    # ok: precise-propagation
    eval(param[1:])  # precise-ruleid: precise-propagation
    # an index carries taint in both modes
    # ruleid: precise-propagation
    eval(param[0])


def slice_of_a_clean_string():
    param = request.args.get("p")
    text = "constant text"
    # ok: precise-propagation
    eval(text[2:])


def string_io_write_then_read():
    param = request.args.get("p")
    buf = io.StringIO()
    buf.write("prefix ")
    # ok: precise-propagation
    eval(buf.getvalue())
    buf.write(param)
    # ok: precise-propagation
    eval(buf.getvalue())  # precise-ruleid: precise-propagation


def string_io_constructor_argument():
    param = request.args.get("p")
    buf = StringIO(param)
    # ruleid: precise-propagation
    eval(buf.read())


def bytes_io_write():
    param = request.args.get("p")
    out = io.BytesIO()
    out.write(param.encode())
    # ok: precise-propagation
    eval(out.getvalue())  # precise-ruleid: precise-propagation


def other_write_is_not_a_stream(log):
    param = request.args.get("p")
    log.write(param)
    # ok: precise-propagation
    eval(log.getvalue())


def config_values():
    param = request.args.get("p")
    cfg = configparser.ConfigParser()
    cfg["s"] = {}
    cfg.set("s", "k", param)
    # ok: precise-propagation
    eval(cfg.get("s", "k"))  # precise-ruleid: precise-propagation


def config_clean_values():
    cfg = configparser.ConfigParser()
    cfg.set("s", "k", "fine")
    # ok: precise-propagation
    eval(cfg.get("s", "k"))
