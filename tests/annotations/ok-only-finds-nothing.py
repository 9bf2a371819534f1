# verdict: pass
# semgrep --test checks the ids only once something is found.
# ok: exercise
app.run(debug=False)
