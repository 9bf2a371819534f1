# Propagation Semgrep misses (precise_propagation); see propagation.yaml.
import configparser
import io
from io import StringIO

from flask import request


def slice_of_a_tainted_string():
    param = request.args.get("p")
    bar = param[4:-17]
    # todoruleid: precise-propagation
    eval(bar)
    # todoruleid: precise-propagation
    eval(param[1:])
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
    # todoruleid: precise-propagation
    eval(buf.getvalue())


def string_io_constructor_argument():
    param = request.args.get("p")
    buf = StringIO(param)
    # ruleid: precise-propagation
    eval(buf.read())


def bytes_io_write():
    param = request.args.get("p")
    out = io.BytesIO()
    out.write(param.encode())
    # todoruleid: precise-propagation
    eval(out.getvalue())


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
    # todoruleid: precise-propagation
    eval(cfg.get("s", "k"))


def config_clean_values():
    cfg = configparser.ConfigParser()
    cfg.set("s", "k", "fine")
    # ok: precise-propagation
    eval(cfg.get("s", "k"))
