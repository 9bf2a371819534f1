from flask import Flask, make_response

app = Flask(__name__)
YEAR = 365 * 24 * 3600


@app.route("/a")
def a():
    resp = make_response("ok")
    # ruleid: long-cookie
    resp.set_cookie("t", "v", max_age=60 * 60 * 24 * 90)
    # ok: long-cookie
    resp.set_cookie("t", "v", max_age=60 * 60)
    # ruleid: long-cookie
    resp.set_cookie("t", "v", max_age=10 ** 8)
    # ok: long-cookie
    resp.set_cookie("t", "v", max_age=-7 // 2)
    # ruleid: long-cookie
    resp.set_cookie("t", "v", max_age=YEAR)
    return resp


# ruleid: post-view
@app.route("/b", methods=["GET", "POST"])
async def b():
    return "ok"


# ok: post-view
@app.route("/c", methods=["GET"])
async def c():
    return "ok"
