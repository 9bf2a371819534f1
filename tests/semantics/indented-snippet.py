    # A route handler pasted from a larger file.
    @app.route("/user/<name>")
    def user(name):
        cur = db.cursor()
        # ruleid: raw-query
        cur.execute(f"SELECT * FROM users WHERE name = {name}")
        # ok: raw-query
        cur.execute("SELECT * FROM users WHERE name = ?", (name,))
        return "ok"

    if __name__ == "__main__":
  # a comment less indented than the code
        # ruleid: debug-run
        app.run(host="127.0.0.1", debug=True)
