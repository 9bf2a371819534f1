# verdict: matched-ok exercise 7
# ruleid: exercise
app.run(debug=True)
# ruleid: exercise
app.run(port=1, debug=True)
# ok: exercise
app.run(debug=False)
