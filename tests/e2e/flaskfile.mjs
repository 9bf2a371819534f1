// The generated Flask file the benchmarks scan (tests/e2e/bench.mjs, scripts/engine-bench.mjs).

/** A deterministic 1,000-line Flask app with a few of the pack's problems in it. */
export function flaskFile(lines = 1000) {
  const head = [
    "import os",
    "import subprocess",
    "import sqlite3",
    "",
    "from flask import Flask, request, render_template, redirect, session, make_response",
    "",
    "app = Flask(__name__)",
    'app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "")',
    "",
  ];
  const out = [...head];
  const tail = ["", "", 'if __name__ == "__main__":', "    app.run(debug=True)"];
  for (let i = 0; ; i++) {
    const view = [
      "",
      "",
      `@app.route("/items/${i}", methods=["GET", "POST"])`,
      `def item_${i}():`,
      `    name = request.args.get("name", "item${i}")`,
      `    count = int(request.args.get("count", ${i}))`,
      "    db = sqlite3.connect(\"app.db\")",
      i % 7 === 0
        ? `    rows = db.execute("SELECT * FROM items WHERE name = '" + name + "'").fetchall()`
        : "    rows = db.execute(\"SELECT * FROM items WHERE name = ?\", (name,)).fetchall()",
      i % 11 === 0 ? '    subprocess.call("ls " + name, shell=True)' : "    total = sum(r[1] for r in rows) * count",
      "    if not rows:",
      '        return redirect("/")',
      `    resp = make_response(render_template("item.html", rows=rows, n=${i}))`,
      i % 5 === 0 ? '    resp.set_cookie("seen", name)' : '    resp.headers["X-Item"] = str(count)',
      "    return resp",
    ];
    if (out.length + view.length + tail.length > lines) break;
    out.push(...view);
  }
  while (out.length + tail.length < lines) out.push("");
  return [...out, ...tail].join("\n") + "\n";
}
