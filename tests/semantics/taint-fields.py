import os

from flask import request


class Job:
    pass


def whole_object():
    job = Job()
    job.command = request.form["command"]
    # ruleid: command-from-request
    os.system(job)


def copied_object():
    job = Job()
    job.command = request.form["command"]
    copy = job
    # ruleid: command-from-request
    os.system(copy)


def nested_field():
    job = Job()
    job.spec.command = request.form["command"]
    # ruleid: command-from-request
    os.system(job.spec)
    # ok: command-from-request
    os.system(job.spec.cwd)


def sibling_field():
    job = Job()
    job.command = request.form["command"]
    # ok: command-from-request
    os.system(job.name)
    # ruleid: command-from-request
    os.system(job.command.strip())


def replaced_object():
    job = Job()
    job.command = request.form["command"]
    job = Job()
    # ok: command-from-request
    os.system(job)
