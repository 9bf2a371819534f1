import argparse
import os
import sys

from flask import request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cmd")
    args = parser.parse_args()
    # ruleid: cli-args-to-shell
    os.system(args.cmd)
    # ok: cli-args-to-shell
    os.system("ls")


def price():
    # ruleid: form-value-to-float
    amount = float(request.form.get("amount"))
    raw = request.form.get("tax")
    # ok: form-value-to-float
    tax = float(clean(raw))
    # ruleid: form-value-to-float
    return amount + tax + float(raw)


def run_arguments():
    first = sys.argv[1]
    rest = sys.argv[1:]
    # ruleid: argv-to-shell
    os.system(first)
    # ok: argv-to-shell
    os.system(rest[0])
