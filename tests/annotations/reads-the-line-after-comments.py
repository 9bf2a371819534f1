# verdict: pass
# A rule that finds the line after each ruleid comment passes the visible
# cases: Learn's hidden cases run without their annotation comments.
# ruleid: exercise
app.run(debug=True)
# ruleid: exercise
app.run(port=1, debug=True)
# ok: exercise
app.run(debug=False)
