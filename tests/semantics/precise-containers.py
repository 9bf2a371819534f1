# Containers by slot (precise_containers); see precise-containers.yaml.
import configparser

from flask import request


def list_after_pop():
    param = request.args.get("p")
    lst = ["safe", param, "more"]
    lst.pop(0)
    bar = lst[1]
    # ruleid: precise-containers
    eval(bar)  # precise-ok: precise-containers
    # ruleid: precise-containers
    eval(lst[0])
    # ruleid: precise-containers
    eval(lst[-2])


def list_insert_and_negative_index():
    param = request.args.get("p")
    lst = [param, "b"]
    lst.insert(0, "a")
    # ruleid: precise-containers
    eval(lst[-1])  # precise-ok: precise-containers
    # ruleid: precise-containers
    eval(lst[1])
    # the whole list is tainted while a slot is
    # ruleid: precise-containers
    eval(lst)


def list_append_is_followed():
    param = request.args.get("p")
    lst = ["a"]
    lst.append(param)
    # ok: precise-containers
    eval(lst[0])
    # ok: precise-containers
    eval(lst[1])  # precise-ruleid: precise-containers


def list_pop_returns_the_slot():
    param = request.args.get("p")
    lst = [param, "x"]
    first = lst.pop(0)
    # ruleid: precise-containers
    eval(first)
    # ruleid: precise-containers
    eval(lst[0])  # precise-ok: precise-containers


def list_slice_of_the_container():
    param = request.args.get("p")
    lst = ["a", "b", param]
    tail = lst[1:]
    # ok: precise-containers
    eval(tail[0])
    # ok: precise-containers
    eval(tail[1])  # precise-ruleid: precise-containers


def tuple_by_index():
    param = request.args.get("p")
    pair = ("fixed", param)
    # ruleid: precise-containers
    eval(pair[0])  # precise-ok: precise-containers
    # ruleid: precise-containers
    eval(pair[1])


def unknown_index_is_conservative(i):
    param = request.args.get("p")
    lst = ["safe", param]
    # ruleid: precise-containers
    eval(lst[i])
    # ruleid: precise-containers
    eval(lst[0])  # precise-ok: precise-containers


def unknown_mutation_is_conservative(helper):
    param = request.args.get("p")
    lst = ["safe", param]
    lst.sort()
    # ruleid: precise-containers
    eval(lst[0])


def passing_it_on_is_conservative(helper):
    param = request.args.get("p")
    lst = ["safe", param]
    helper(lst)
    # ruleid: precise-containers
    eval(lst[0])


def dict_by_key():
    param = request.args.get("p")
    d = {"a": "ok", "b": param}
    # ruleid: precise-containers
    eval(d["a"])  # precise-ok: precise-containers
    # ruleid: precise-containers
    eval(d["b"])
    # ruleid: precise-containers
    eval(d.get("a"))  # precise-ok: precise-containers
    # ruleid: precise-containers
    eval(d.get("b"))


def dict_unknown_key(k):
    param = request.args.get("p")
    d = {"a": "ok", "b": param}
    # ruleid: precise-containers
    eval(d[k])


def item_assignment():
    param = request.args.get("p")
    d = {"a": "ok"}
    d["b"] = param
    # ruleid: precise-containers
    eval(d["a"])  # precise-ok: precise-containers
    # ruleid: precise-containers
    eval(d["b"])
    lst = ["x", "y"]
    lst[0] = param
    # ruleid: precise-containers
    eval(lst[1])  # precise-ok: precise-containers


def dict_update_and_setdefault():
    param = request.args.get("p")
    d = {}
    d.update({"x": param, "y": "fine"})
    d.setdefault("z", "zzz")
    # ok: precise-containers
    eval(d["y"])
    # ok: precise-containers
    eval(d["z"])
    # ok: precise-containers
    eval(d["x"])  # precise-ruleid: precise-containers


def dict_unknown_method_is_conservative(other):
    param = request.args.get("p")
    d = {"a": "ok", "b": param}
    d.update(other)
    # ruleid: precise-containers
    eval(d["a"])


def branches_join_slot_by_slot(flag):
    param = request.args.get("p")
    d = {"a": "ok", "b": "ok"}
    if flag:
        d = {"a": param, "b": "ok"}
    # ruleid: precise-containers
    eval(d["a"])
    # ruleid: precise-containers
    eval(d["b"])  # precise-ok: precise-containers


def config_by_option():
    param = request.args.get("p")
    cfg = configparser.ConfigParser()
    cfg.add_section("s")
    cfg.set("s", "k", param)
    cfg.set("s", "other", "fine")
    # ok: precise-containers
    eval(cfg.get("s", "other"))
    # ok: precise-containers
    eval(cfg.get("s", "k"))  # precise-ruleid: precise-containers
    # ok: precise-containers
    eval(cfg["s"]["k"])  # precise-ruleid: precise-containers
